import { createHmac } from 'node:crypto';

/**
 * The `opaque` of our challenges (RFC 7616 §3.3): the client returns it unchanged, so it is derived from
 * the secret and realm instead of stored, and a different value marks an answer to someone else's challenge.
 */
export function opaqueFor(secret: Uint8Array, realm: string): string {
  return createHmac('sha256', secret)
    .update(`opaque:${realm}`, 'utf8')
    .digest()
    .subarray(0, 16)
    .toString('base64url');
}
