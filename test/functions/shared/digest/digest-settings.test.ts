import { describe, expect, it } from 'vitest';
import { DIGEST_DEFAULTS, parseDigestAlgorithms } from '#functions/shared/digest/digest-settings.js';

describe('digest settings', () => {
  it('offers only MD5 by default (SIPp 3.6 aborts on a leading SHA-256 challenge; baresip 1.0 on any)', () => {
    expect(DIGEST_DEFAULTS).toEqual({ nonceLifetimeMs: 600_000, algorithms: ['MD5'] });
  });

  it('parses an ordered algorithm list', () => {
    expect(parseDigestAlgorithms('SHA-256,MD5')).toEqual({ ok: true, value: ['SHA-256', 'MD5'] });
    expect(parseDigestAlgorithms(' md5 , sha-256 ')).toEqual({ ok: true, value: ['MD5', 'SHA-256'] });
    expect(parseDigestAlgorithms('SHA-256')).toEqual({ ok: true, value: ['SHA-256'] });
  });

  it('refuses unknown, session and repeated algorithms and an empty list', () => {
    for (const csv of ['', 'MD5,', 'MD5-sess', 'SHA-512-256', 'MD5,md5'])
      expect(parseDigestAlgorithms(csv).ok).toBe(false);
  });
});
