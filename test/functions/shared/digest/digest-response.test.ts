import { describe, expect, it } from 'vitest';
import { computeDigestResponse, responseMatches } from '#functions/shared/digest/digest-response.js';
import { computeHa1 } from '#functions/shared/store/digest.js';
import { clientResponse } from '#test/support/digest-answer.js';

/** RFC 7616 §3.9.1. */
const EXAMPLE = {
  username: 'Mufasa',
  password: 'Circle of Life',
  realm: 'http-auth@example.org',
  method: 'GET',
  uri: '/dir/index.html',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  nc: '00000001',
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
  qop: 'auth',
} as const;
const MD5_RESPONSE = '8ca523f5e9506fed4657c9700eebdbec';
const SHA256_RESPONSE = '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1';

describe('digest response (RFC 7616 §3.4.1)', () => {
  const ha1 = computeHa1(EXAMPLE.username, EXAMPLE.realm, EXAMPLE.password);
  const input = { ...EXAMPLE, ha1: '' };

  it('MUST compute the RFC 7616 §3.9.1 MD5 example response', () => {
    expect(computeDigestResponse('MD5', { ...input, ha1: ha1.ha1Md5 })).toBe(MD5_RESPONSE);
  });

  it('MUST compute the RFC 7616 §3.9.1 SHA-256 example response', () => {
    expect(computeDigestResponse('SHA-256', { ...input, ha1: ha1.ha1Sha256 })).toBe(SHA256_RESPONSE);
  });

  it('the test client agrees with the RFC 7616 §3.9.1 example (so its answers are trustworthy)', () => {
    expect(clientResponse({ ...EXAMPLE, hash: 'MD5' })).toBe(MD5_RESPONSE);
    expect(clientResponse({ ...EXAMPLE, hash: 'SHA-256' })).toBe(SHA256_RESPONSE);
  });

  it('matches a response regardless of hex case, and never throws on other lengths or characters', () => {
    expect(responseMatches(MD5_RESPONSE.toUpperCase(), MD5_RESPONSE)).toBe(true);
    expect(responseMatches(MD5_RESPONSE.slice(1), MD5_RESPONSE)).toBe(false);
    expect(responseMatches('é'.repeat(32), MD5_RESPONSE)).toBe(false);
    expect(responseMatches(SHA256_RESPONSE, MD5_RESPONSE)).toBe(false);
  });
});
