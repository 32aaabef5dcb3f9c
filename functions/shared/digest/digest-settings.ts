import { err, ok, type Result } from '../result.js';

/** Digest algorithms offered and verified (RFC 8760 §2: SIP adds SHA-256 to MD5). */
export type DigestAlgorithm = 'MD5' | 'SHA-256';

export interface DigestSettings {
  readonly realm: string;
  /** Shared by every gateway and handler: nonces are stateless HMACs. */
  readonly secret: Uint8Array;
  /** Age after which a nonce is stale (RFC 7616 §3.3). */
  readonly nonceLifetimeMs: number;
  /**
   * Offered challenges, in order; one challenge per algorithm. Default ['MD5'], like Twilio: SIPp 3.6
   * aborts when the first challenge is SHA-256, and baresip 1.0 (libre) fails a REGISTER when any
   * challenge is not MD5. `MD5,SHA-256` serves RFC 8760 clients too.
   */
  readonly algorithms: readonly DigestAlgorithm[];
}

export const DIGEST_DEFAULTS: { nonceLifetimeMs: number; algorithms: readonly DigestAlgorithm[] } = {
  nonceLifetimeMs: 600_000,
  algorithms: ['MD5'],
};

const ALGORITHMS: readonly DigestAlgorithm[] = ['MD5', 'SHA-256'];

/** The algorithm a token names, case-insensitively (RFC 7616 §3.3); null when unsupported (e.g. `-sess`). */
export function toDigestAlgorithm(name: string): DigestAlgorithm | null {
  const upper = name.toUpperCase();
  return ALGORITHMS.find((algorithm) => algorithm === upper) ?? null;
}

/** Parses an ordered, comma-separated list such as "SHA-256,MD5": no unknown names, no repeats. */
export function parseDigestAlgorithms(csv: string): Result<readonly DigestAlgorithm[], string> {
  const algorithms: DigestAlgorithm[] = [];
  for (const name of csv.split(',').map((part) => part.trim())) {
    const algorithm = toDigestAlgorithm(name);
    if (algorithm === null) return err(`unsupported digest algorithm "${name}" (use MD5, SHA-256)`);
    if (algorithms.includes(algorithm)) return err(`digest algorithm ${algorithm} listed twice`);
    algorithms.push(algorithm);
  }
  return ok(algorithms);
}
