/** Why an answer earns a new challenge instead of acceptance. */
export type DigestFailure =
  /** No Digest credentials for our realm (RFC 3261 §22.1). */
  | 'noCredentials'
  /** An algorithm we did not offer, a `-sess` variant or userhash (RFC 7616 §3.4). */
  | 'unsupportedAnswer'
  /** qop=auth with nc and cnonce is mandatory (RFC 7616 §3.4). */
  | 'qopAuthRequired'
  /** Not the opaque of our challenges (RFC 7616 §3.3: returned unchanged). */
  | 'opaqueMismatch'
  | 'invalidNonce'
  /** nc not above the highest one accepted for this nonce: a replay (RFC 7616 §3.4 nc). */
  | 'replayedNonceCount'
  /** The right digest for an expired nonce (RFC 7616 §3.3 stale). */
  | 'staleNonce'
  /** Wrong password or unknown user: deliberately one code. */
  | 'wrongResponse';

/**
 * The one verdict of each failure: `stale` tells the client to retry with the same password; `rejected`
 * makes the gateway count the attempt against its brute-force limits.
 */
export const DIGEST_FAILURES = {
  noCredentials: { stale: false, rejected: false },
  unsupportedAnswer: { stale: false, rejected: true },
  qopAuthRequired: { stale: false, rejected: true },
  opaqueMismatch: { stale: false, rejected: true },
  invalidNonce: { stale: false, rejected: true },
  replayedNonceCount: { stale: false, rejected: true },
  staleNonce: { stale: true, rejected: false },
  wrongResponse: { stale: false, rejected: true },
} as const satisfies Record<DigestFailure, { stale: boolean; rejected: boolean }>;
