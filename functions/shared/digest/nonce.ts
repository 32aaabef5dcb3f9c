import { createHmac, timingSafeEqual } from 'node:crypto';
import { randomBytesFromPool } from '#sip/message/random-token.js';

const ISSUED_AT_BYTES = 8;
/** Makes every challenge's nonce unique, even two to one source in the same millisecond. */
const SALT_BYTES = 6;
const STAMP_BYTES = ISSUED_AT_BYTES + SALT_BYTES;
const MAC_BYTES = 16;
/** base64url of 30 bytes. */
const NONCE_CHARS = 40;
/** Clock difference tolerated between the gateways and handlers that share the secret. */
const MAX_CLOCK_SKEW_MS = 5_000;

export type NonceCheck = 'valid' | 'stale' | 'invalid';

function nonceMac(secret: Uint8Array, stamp: Uint8Array, sourceIp: string): Buffer {
  return createHmac('sha256', secret).update(stamp).update(sourceIp, 'utf8').digest().subarray(0, MAC_BYTES);
}

/**
 * A stateless nonce (RFC 7616 §3.3, §5.4): base64url(stamp || HMAC-SHA256(secret, stamp || source
 * IP)[0..16]), where stamp = issuedAt ms as 8 bytes || 6 random bytes. Any gateway or handler
 * holding the secret can check it. RFC 7616 §3.3: the nonce is "uniquely generated each time a 401
 * response is made", so devices behind one NAT address never share one (nor its nonce counts).
 */
export function mintNonce(secret: Uint8Array, nowMs: number, sourceIp: string): string {
  const stamp = Buffer.alloc(STAMP_BYTES);
  stamp.writeBigUInt64BE(BigInt(Math.floor(nowMs)));
  randomBytesFromPool(SALT_BYTES).copy(stamp, ISSUED_AT_BYTES);
  return Buffer.concat([stamp, nonceMac(secret, stamp, sourceIp)]).toString('base64url');
}

/** Not ours, for another source, or from the future: invalid; older than `lifetimeMs`: stale. */
export function checkNonce(
  secret: Uint8Array,
  nonce: string,
  nowMs: number,
  sourceIp: string,
  lifetimeMs: number,
): NonceCheck {
  if (nonce.length !== NONCE_CHARS) return 'invalid';
  const bytes = Buffer.from(nonce, 'base64url');
  // The decoder skips foreign characters: only the canonical spelling is ours.
  if (bytes.toString('base64url') !== nonce) return 'invalid';
  const stamp = bytes.subarray(0, STAMP_BYTES);
  if (!timingSafeEqual(bytes.subarray(STAMP_BYTES), nonceMac(secret, stamp, sourceIp))) return 'invalid';
  const issuedAtMs = Number(stamp.readBigUInt64BE());
  if (issuedAtMs > nowMs + MAX_CLOCK_SKEW_MS) return 'invalid';
  return nowMs - issuedAtMs > lifetimeMs ? 'stale' : 'valid';
}
