import { ok, type Result } from '../result.js';
import { type AuthParams, authParam, formatAuthParams, parseAuthParams } from './auth-params.js';

/** Authentication-Info (RFC 3261 §20.6, RFC 7616 §3.5): `nextnonce`, `qop`, `rspauth`, `cnonce`, `nc`. */
export interface AuthenticationInfo {
  readonly params: AuthParams;
  readonly nextnonce: string | null;
  readonly qop: string | null;
  readonly rspauth: string | null;
  readonly cnonce: string | null;
  readonly nc: string | null;
}

const UNQUOTED = new Set(['qop', 'nc']);

export function parseAuthenticationInfo(value: string): Result<AuthenticationInfo> {
  const params = parseAuthParams(value, 0);
  if (!params.ok) return params;
  const p = params.value;
  return ok({
    params: p,
    nextnonce: authParam(p, 'nextnonce'),
    qop: authParam(p, 'qop'),
    rspauth: authParam(p, 'rspauth'),
    cnonce: authParam(p, 'cnonce'),
    nc: authParam(p, 'nc'),
  });
}

export function formatAuthenticationInfo(info: AuthenticationInfo): string {
  return formatAuthParams(info.params, UNQUOTED);
}
