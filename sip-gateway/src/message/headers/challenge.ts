import { err, ok, type Result } from '../result.js';
import { type AuthParams, authParam, formatAuthParams, parseAuthParams, splitScheme } from './auth-params.js';

/** Digest challenge (RFC 3261 §20.44, §25.1; RFC 7616 §3.3). */
export interface DigestChallenge {
  readonly realm: string;
  readonly nonce: string;
  readonly opaque: string | null;
  /** `stale=true` (case-insensitive): the nonce expired but the credentials were right. */
  readonly stale: boolean;
  readonly algorithm: string | null;
  /** qop-options, e.g. `["auth", "auth-int"]`; empty when absent. */
  readonly qop: readonly string[];
  readonly domain: string | null;
  readonly userhash: boolean;
}

/** WWW-Authenticate / Proxy-Authenticate value (RFC 3261 §20.44, §20.27). */
export interface Challenge {
  readonly scheme: string;
  readonly params: AuthParams;
  readonly raw: string;
  readonly digest: DigestChallenge | null;
}

/** Challenge params written as tokens: stale, algorithm, userhash (qop-options is a quoted list). */
const UNQUOTED = new Set(['stale', 'algorithm', 'userhash']);

export function parseChallenge(value: string): Result<Challenge> {
  const split = splitScheme(value);
  if (!split.ok) return split;
  const { scheme, rest } = split.value;
  const params = parseAuthParams(rest, 0);
  if (scheme.toLowerCase() !== 'digest') {
    return ok({ scheme, params: params.ok ? params.value : [], raw: rest, digest: null });
  }
  if (!params.ok) return err(`bad Digest challenge: ${params.error}`);
  const p = params.value;
  const realm = authParam(p, 'realm');
  const nonce = authParam(p, 'nonce');
  if (realm === null || nonce === null) return err('Digest challenge without realm or nonce');
  const qop = authParam(p, 'qop');
  return ok({
    scheme,
    params: p,
    raw: rest,
    digest: {
      realm,
      nonce,
      opaque: authParam(p, 'opaque'),
      stale: authParam(p, 'stale')?.toLowerCase() === 'true',
      algorithm: authParam(p, 'algorithm'),
      qop:
        qop === null
          ? []
          : qop
              .split(',')
              .map((option) => option.trim())
              .filter((option) => option.length > 0),
      domain: authParam(p, 'domain'),
      userhash: authParam(p, 'userhash')?.toLowerCase() === 'true',
    },
  });
}

export function formatChallenge(challenge: Challenge): string {
  if (challenge.params.length === 0)
    return challenge.raw ? `${challenge.scheme} ${challenge.raw}` : challenge.scheme;
  return `${challenge.scheme} ${formatAuthParams(challenge.params, UNQUOTED)}`;
}
