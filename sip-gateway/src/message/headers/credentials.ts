import { err, ok, type Result } from '../result.js';
import { type AuthParams, authParam, formatAuthParams, parseAuthParams, splitScheme } from './auth-params.js';

/** Digest credentials (RFC 3261 §22.4, §25.1; RFC 7616 §3.4 for userhash and SHA-256). */
export interface DigestCredentials {
  readonly username: string;
  readonly realm: string;
  readonly nonce: string;
  readonly uri: string;
  readonly response: string;
  readonly algorithm: string | null;
  readonly cnonce: string | null;
  readonly opaque: string | null;
  readonly qop: string | null;
  /** nonce-count as written: 8 hex digits. */
  readonly nc: string | null;
  readonly userhash: boolean;
}

/** Authorization / Proxy-Authorization value (RFC 3261 §20.7, §20.28). */
export interface Credentials {
  readonly scheme: string;
  /** auth-params (names lower-case, values unquoted); empty when the scheme uses another syntax. */
  readonly params: AuthParams;
  /** Everything after the scheme, verbatim. */
  readonly raw: string;
  /** Set when the scheme is Digest. */
  readonly digest: DigestCredentials | null;
}

/** Digest params written without quotes (RFC 7616 §3.4: algorithm, qop, nc, userhash are tokens). */
const UNQUOTED = new Set(['algorithm', 'qop', 'nc', 'userhash']);
const REQUIRED = ['username', 'realm', 'nonce', 'uri', 'response'] as const;

export function parseCredentials(value: string): Result<Credentials> {
  const split = splitScheme(value);
  if (!split.ok) return split;
  const { scheme, rest } = split.value;
  const params = parseAuthParams(rest, 0);
  if (scheme.toLowerCase() !== 'digest') {
    return ok({ scheme, params: params.ok ? params.value : [], raw: rest, digest: null });
  }
  if (!params.ok) return err(`bad Digest credentials: ${params.error}`);
  const p = params.value;
  for (const name of REQUIRED) {
    if (authParam(p, name) === null) return err(`Digest credentials without ${name}`);
  }
  const nc = authParam(p, 'nc');
  if (nc !== null && !/^[0-9a-fA-F]{8}$/.test(nc)) return err(`invalid nonce-count "${nc}"`);
  return ok({
    scheme,
    params: p,
    raw: rest,
    digest: {
      username: authParam(p, 'username') ?? '',
      realm: authParam(p, 'realm') ?? '',
      nonce: authParam(p, 'nonce') ?? '',
      uri: authParam(p, 'uri') ?? '',
      response: authParam(p, 'response') ?? '',
      algorithm: authParam(p, 'algorithm'),
      cnonce: authParam(p, 'cnonce'),
      opaque: authParam(p, 'opaque'),
      qop: authParam(p, 'qop'),
      nc,
      userhash: authParam(p, 'userhash')?.toLowerCase() === 'true',
    },
  });
}

/** Writes `scheme param=value, …` (or `scheme raw` when there are no auth-params). */
export function formatCredentials(credentials: Credentials): string {
  if (credentials.params.length === 0)
    return credentials.raw ? `${credentials.scheme} ${credentials.raw}` : credentials.scheme;
  return `${credentials.scheme} ${formatAuthParams(credentials.params, UNQUOTED)}`;
}
