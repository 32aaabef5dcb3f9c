import { randomBytes } from 'node:crypto';
import type { DigestCredentials } from '#sip/message/headers/credentials.js';
import { err, ok, type Result } from '../result.js';
import type { StoredDigest } from '../store/credential-store.js';
import { computeHa1, type Ha1Digests } from '../store/digest.js';
import { buildChallenges } from './challenges.js';
import { DIGEST_FAILURES, type DigestFailure } from './digest-failures.js';
import { computeDigestResponse, responseMatches } from './digest-response.js';
import { type DigestAlgorithm, type DigestSettings, toDigestAlgorithm } from './digest-settings.js';
import { checkNonce } from './nonce.js';
import { opaqueFor } from './opaque.js';

export { buildChallenges } from './challenges.js';
export { selectCredentials } from './select-credentials.js';

export interface DigestAttempt {
  /** Request method, for HA2 = H(method:digest-uri). */
  readonly method: string;
  /** The Digest credentials whose realm matches ours, or null. */
  readonly credentials: DigestCredentials | null;
  readonly sourceIp: string;
  readonly nowMs: number;
  /** Highest nc the gateway already accepted for this nonce (event.acceptedNonceCount). */
  readonly acceptedNonceCount?: number;
}

export type DigestVerdict =
  | {
      readonly kind: 'accepted';
      readonly username: string;
      readonly nonce: string;
      readonly nonceCount: number;
      readonly digest: StoredDigest;
    }
  /**
   * Send a (fresh) challenge. `rejected` is true when credentials were checked and failed (wrong password,
   * unknown user, replayed nc) — the gateway counts those for brute-force limits; false for a
   * missing/stale/foreign-realm nonce.
   */
  | {
      readonly kind: 'challenge';
      readonly stale: boolean;
      readonly rejected: boolean;
      readonly challenges: readonly string[];
    };

/** An answer whose form, opaque, nonce and nc are acceptable: only the response is left to check. */
interface Answer {
  readonly credentials: DigestCredentials;
  readonly algorithm: DigestAlgorithm;
  readonly qop: string;
  readonly nc: string;
  readonly cnonce: string;
  readonly nonceCount: number;
  readonly nonce: 'valid' | 'stale';
}

const HA1_OF = {
  MD5: (digests) => digests.ha1Md5,
  'SHA-256': (digests) => digests.ha1Sha256,
} as const satisfies Record<DigestAlgorithm, (digests: Ha1Digests) => string>;

/** Stands in for an unknown user's HA1 so that it costs the same work as a wrong password. */
const DUMMY_HA1 = computeHa1('', '', randomBytes(32).toString('hex'));

/** Everything that does not need the user's HA1, cheapest first. */
function checkAnswer(settings: DigestSettings, attempt: DigestAttempt): Result<Answer, DigestFailure> {
  const c = attempt.credentials;
  if (c === null || c.realm !== settings.realm) return err('noCredentials');
  // RFC 7616 §3.4: no algorithm means MD5.
  const algorithm = c.algorithm === null ? 'MD5' : toDigestAlgorithm(c.algorithm);
  if (algorithm === null || !settings.algorithms.includes(algorithm) || c.userhash)
    return err('unsupportedAnswer');
  const { qop, nc, cnonce } = c;
  if (qop?.toLowerCase() !== 'auth' || nc === null || cnonce === null) return err('qopAuthRequired');
  if (c.opaque !== opaqueFor(settings.secret, settings.realm)) return err('opaqueMismatch');
  const nonce = checkNonce(
    settings.secret,
    c.nonce,
    attempt.nowMs,
    attempt.sourceIp,
    settings.nonceLifetimeMs,
  );
  if (nonce === 'invalid') return err('invalidNonce');
  const nonceCount = Number.parseInt(nc, 16);
  if (nonceCount <= (attempt.acceptedNonceCount ?? 0)) return err('replayedNonceCount');
  return ok({ credentials: c, algorithm, qop, nc, cnonce, nonceCount, nonce });
}

function challenge(settings: DigestSettings, attempt: DigestAttempt, failure: DigestFailure): DigestVerdict {
  const { stale, rejected } = DIGEST_FAILURES[failure];
  return {
    kind: 'challenge',
    stale,
    rejected,
    challenges: buildChallenges(settings, attempt.nowMs, attempt.sourceIp, stale),
  };
}

/**
 * Verifies Digest credentials (RFC 3261 §22, RFC 7616 §3.4, RFC 8760) against the user's stored HA1.
 * A stale nonce earns `stale=true` only when the digest is right (RFC 7616 §3.3), so expired nonces
 * give no uncounted password guesses.
 */
export async function authenticateDigest(
  settings: DigestSettings,
  attempt: DigestAttempt,
  lookup: (username: string) => Promise<StoredDigest | undefined>,
): Promise<DigestVerdict> {
  const answer = checkAnswer(settings, attempt);
  if (!answer.ok) return challenge(settings, attempt, answer.error);
  const { credentials: c, algorithm, qop, nc, cnonce, nonceCount, nonce } = answer.value;
  const found = await lookup(c.username);
  // An HA1 for another realm cannot match: that user is unknown here.
  const digest = found?.realm === settings.realm ? found : undefined;
  const expected = computeDigestResponse(algorithm, {
    ha1: HA1_OF[algorithm](digest ?? DUMMY_HA1),
    method: attempt.method,
    uri: c.uri,
    nonce: c.nonce,
    nc,
    cnonce,
    qop,
  });
  const matches = responseMatches(c.response, expected);
  if (digest === undefined || !matches) return challenge(settings, attempt, 'wrongResponse');
  if (nonce === 'stale') return challenge(settings, attempt, 'staleNonce');
  return { kind: 'accepted', username: c.username, nonce: c.nonce, nonceCount, digest };
}
