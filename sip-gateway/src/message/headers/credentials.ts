import { err, ok, type Result } from '../result.js';
import { equalsLowerCase } from '../syntax.js';
import { type AuthParams, formatAuthParams, parseAuthParams, splitScheme } from './auth-params.js';

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

export function parseCredentials(value: string): Result<Credentials> {
  const split = splitScheme(value);
  if (!split.ok) return split;
  const { scheme, rest, restStart } = split.value;
  const params = parseAuthParams(value, restStart);
  if (!equalsLowerCase(scheme, 'digest')) {
    return ok({ scheme, params: params.ok ? params.value : [], raw: rest, digest: null });
  }
  if (!params.ok) return err(`bad Digest credentials: ${params.error}`);
  const p = params.value;
  let username: string | null = null;
  let realm: string | null = null;
  let nonce: string | null = null;
  let uri: string | null = null;
  let response: string | null = null;
  let algorithm: string | null = null;
  let cnonce: string | null = null;
  let opaque: string | null = null;
  let qop: string | null = null;
  let nc: string | null = null;
  let userhash: string | null = null;
  // One pass; the first occurrence of a parameter wins. Names are told apart by length first, so
  // that each is compared with at most three of the known names.
  for (let k = 0; k < p.length; k++) {
    const param = p[k] as readonly [string, string];
    const name = param[0];
    const v = param[1];
    switch (name.length) {
      case 2:
        if (name === 'nc') nc ??= v;
        break;
      case 3:
        if (name === 'uri') uri ??= v;
        else if (name === 'qop') qop ??= v;
        break;
      case 5:
        if (name === 'realm') realm ??= v;
        else if (name === 'nonce') nonce ??= v;
        break;
      case 6:
        if (name === 'cnonce') cnonce ??= v;
        else if (name === 'opaque') opaque ??= v;
        break;
      case 8:
        if (name === 'username') username ??= v;
        else if (name === 'response') response ??= v;
        else if (name === 'userhash') userhash ??= v;
        break;
      case 9:
        if (name === 'algorithm') algorithm ??= v;
        break;
    }
  }
  if (username === null) return err('Digest credentials without username');
  if (realm === null) return err('Digest credentials without realm');
  if (nonce === null) return err('Digest credentials without nonce');
  if (uri === null) return err('Digest credentials without uri');
  if (response === null) return err('Digest credentials without response');
  if (nc !== null && !isNonceCount(nc)) return err(`invalid nonce-count "${nc}"`);
  return ok({
    scheme,
    params: p,
    raw: rest,
    digest: {
      username,
      realm,
      nonce,
      uri,
      response,
      algorithm,
      cnonce,
      opaque,
      qop,
      nc,
      userhash: userhash !== null && equalsLowerCase(userhash, 'true'),
    },
  });
}

/** nc-value = 8LHEX (RFC 3261 §25.1; upper-case hex accepted too). */
function isNonceCount(nc: string): boolean {
  if (nc.length !== 8) return false;
  for (let i = 0; i < 8; i++) {
    const c = nc.charCodeAt(i);
    const lower = c | 0x20;
    if (!((c >= 0x30 && c <= 0x39) || (lower >= 0x61 && lower <= 0x66))) return false;
  }
  return true;
}

/** Writes `scheme param=value, …` (or `scheme raw` when there are no auth-params). */
export function formatCredentials(credentials: Credentials): string {
  if (credentials.params.length === 0)
    return credentials.raw ? `${credentials.scheme} ${credentials.raw}` : credentials.scheme;
  return `${credentials.scheme} ${formatAuthParams(credentials.params, UNQUOTED)}`;
}
