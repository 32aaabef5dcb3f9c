import { createHmac, timingSafeEqual } from 'node:crypto';

const ISSUED_AT_BYTES = 8;
const MAC_BYTES = 16;
/** base64url of 24 bytes. */
const NONCE_CHARS = 32;
/** Clock difference tolerated between the gateways and handlers that share the secret. */
const MAX_CLOCK_SKEW_MS = 5_000;

export type NonceCheck = 'valid' | 'stale' | 'invalid';

function nonceMac(secret: Uint8Array, issuedAt: Uint8Array, sourceIp: string): Buffer {
  return createHmac('sha256', secret)
    .update(issuedAt)
    .update(sourceIp, 'utf8')
    .digest()
    .subarray(0, MAC_BYTES);
}

/**
 * A stateless nonce (RFC 7616 §3.3, §5.4): base64url(issuedAt ms as 8 bytes || HMAC-SHA256(secret,
 * issuedAt || source IP)[0..16]). Any gateway or handler holding the secret can check it.
 */
export function mintNonce(secret: Uint8Array, nowMs: number, sourceIp: string): string {
  const issuedAt = Buffer.alloc(ISSUED_AT_BYTES);
  issuedAt.writeBigUInt64BE(BigInt(Math.floor(nowMs)));
  return Buffer.concat([issuedAt, nonceMac(secret, issuedAt, sourceIp)]).toString('base64url');
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
  const issuedAt = bytes.subarray(0, ISSUED_AT_BYTES);
  if (!timingSafeEqual(bytes.subarray(ISSUED_AT_BYTES), nonceMac(secret, issuedAt, sourceIp)))
    return 'invalid';
  const issuedAtMs = Number(issuedAt.readBigUInt64BE());
  if (issuedAtMs > nowMs + MAX_CLOCK_SKEW_MS) return 'invalid';
  return nowMs - issuedAtMs > lifetimeMs ? 'stale' : 'valid';
}
