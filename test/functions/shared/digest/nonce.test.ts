import { describe, expect, it } from 'vitest';
import { checkNonce, mintNonce } from '#functions/shared/digest/nonce.js';

const SECRET = new Uint8Array(32).fill(7);
const OTHER_SECRET = new Uint8Array(32).fill(8);
const IP = '198.51.100.7';
const ISSUED_MS = 1_700_000_000_000;
const LIFETIME_MS = 600_000;

describe('stateless nonce (RFC 7616 §3.3, §5.4)', () => {
  const nonce = mintNonce(SECRET, ISSUED_MS, IP);
  const check = (value: string, nowMs: number, ip = IP, secret = SECRET) =>
    checkNonce(secret, value, nowMs, ip, LIFETIME_MS);

  it('is a base64url token, usable unescaped in a quoted-string', () => {
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{40}$/);
  });

  it('MUST be unique per challenge, even for one source in one millisecond (RFC 7616 §3.3)', () => {
    const nonces = new Set(Array.from({ length: 1000 }, () => mintNonce(SECRET, ISSUED_MS, IP)));
    expect(nonces.size).toBe(1000);
    for (const value of nonces) expect(check(value, ISSUED_MS)).toBe('valid');
  });

  it('MUST be invalid when its random part is altered (the MAC covers it)', () => {
    const bytes = Buffer.from(nonce, 'base64url');
    bytes[10] = (bytes[10] ?? 0) ^ 1;
    expect(check(bytes.toString('base64url'), ISSUED_MS)).toBe('invalid');
  });

  it('is valid from issue until the end of its lifetime', () => {
    expect(check(nonce, ISSUED_MS)).toBe('valid');
    expect(check(nonce, ISSUED_MS + LIFETIME_MS)).toBe('valid');
  });

  it('MUST be stale once older than its lifetime (RFC 7616 §3.3 stale)', () => {
    expect(check(nonce, ISSUED_MS + LIFETIME_MS + 1)).toBe('stale');
  });

  it('MUST be invalid for another source address', () => {
    expect(check(nonce, ISSUED_MS, '198.51.100.8')).toBe('invalid');
  });

  it('MUST be invalid under another secret (not issued by us)', () => {
    expect(check(nonce, ISSUED_MS, IP, OTHER_SECRET)).toBe('invalid');
    expect(check(mintNonce(OTHER_SECRET, ISSUED_MS, IP), ISSUED_MS)).toBe('invalid');
  });

  it('MUST be invalid when issued in the future beyond clock skew, valid within it', () => {
    expect(check(mintNonce(SECRET, ISSUED_MS + 60_000, IP), ISSUED_MS)).toBe('invalid');
    expect(check(mintNonce(SECRET, ISSUED_MS + 1_000, IP), ISSUED_MS)).toBe('valid');
  });

  it('MUST be invalid when its timestamp is altered (the MAC covers it)', () => {
    const bytes = Buffer.from(nonce, 'base64url');
    bytes.writeBigUInt64BE(BigInt(ISSUED_MS + LIFETIME_MS), 0);
    expect(check(bytes.toString('base64url'), ISSUED_MS + LIFETIME_MS + 1)).toBe('invalid');
  });

  it('MUST be invalid when its MAC is altered', () => {
    const bytes = Buffer.from(nonce, 'base64url');
    bytes[29] = (bytes[29] ?? 0) ^ 1;
    expect(check(bytes.toString('base64url'), ISSUED_MS)).toBe('invalid');
  });

  it('MUST be invalid for malformed values, including another spelling of the same bytes', () => {
    for (const value of ['', 'x', '!'.repeat(40), `${nonce}A`, nonce.slice(0, 39)])
      expect(check(value, ISSUED_MS)).toBe('invalid');
    expect(check(`${nonce.slice(0, 39)}.`, ISSUED_MS)).toBe('invalid');
    // The decoder also reads the standard base64 alphabet: this fixture's nonce contains "_".
    const standard = Buffer.from(nonce, 'base64url').toString('base64');
    expect(standard).not.toBe(nonce);
    expect(check(standard, ISSUED_MS)).toBe('invalid');
  });
});
