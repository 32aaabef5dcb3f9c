import { createHash, timingSafeEqual } from 'node:crypto';
import type { DigestAlgorithm } from './digest-settings.js';

const NODE_HASH = { MD5: 'md5', 'SHA-256': 'sha256' } as const satisfies Record<DigestAlgorithm, string>;

/** What the response covers with qop=auth, values exactly as the client wrote them. */
export interface ResponseInput {
  /** H(username:realm:password), lower-case hex (RFC 7616 §3.4.2). */
  readonly ha1: string;
  readonly method: string;
  readonly uri: string;
  readonly nonce: string;
  readonly nc: string;
  readonly cnonce: string;
  readonly qop: string;
}

/** response = KD(HA1, nonce:nc:cnonce:qop:H(method:uri)) with KD(s, d) = H(s:d) (RFC 7616 §3.4.1, §3.4.3). */
export function computeDigestResponse(algorithm: DigestAlgorithm, input: ResponseInput): string {
  const h = (data: string) => createHash(NODE_HASH[algorithm]).update(data, 'utf8').digest('hex');
  const ha2 = h(`${input.method}:${input.uri}`);
  return h(`${input.ha1}:${input.nonce}:${input.nc}:${input.cnonce}:${input.qop}:${ha2}`);
}

/** Constant-time check of a received response against the expected lower-case hex (its length is public). */
export function responseMatches(received: string, expected: string): boolean {
  const a = Buffer.from(received.toLowerCase(), 'latin1');
  const b = Buffer.from(expected, 'latin1');
  return a.length === b.length && timingSafeEqual(a, b);
}
