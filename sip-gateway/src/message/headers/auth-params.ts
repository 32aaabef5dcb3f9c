import { err, ok, type Result } from '../result.js';
import { isToken, quote, scanQuoted, scanRun, scanTokenCase, skipWs, TOKEN, unquoteIn } from '../syntax.js';
import { asciiOctets } from './ascii-octets.js';
import { authParamsIn } from './auth-params-in.js';

/** auth-param list entries: lower-cased name and unquoted value, in order. */
export type AuthParams = ReadonlyArray<readonly [name: string, value: string]>;

/** End of a lenient unquoted value: anything up to LWS, "," or `"` (e.g. `nc=00000001`). */
function scanBareValue(s: string, i: number): number {
  let j = i;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (c === 0x20 || c === 0x09 || c === 0x2c || c === 0x22) break;
    j++;
  }
  return j;
}

/**
 * Parses `auth-param *( COMMA auth-param )` with `auth-param = name EQUAL ( token / quoted-string )`
 * (RFC 3261 §25.1, RFC 7616 §3.4). Values are returned unquoted.
 */
export function parseAuthParams(s: string, start: number): Result<AuthParams> {
  const octets = asciiOctets(s);
  const fast = octets === null ? null : authParamsIn(octets, s, start, s.length);
  if (fast !== null) return ok(fast);
  const params: Array<readonly [string, string]> = [];
  // Without a backslash there is no quoted-pair: a quoted value ends at the next quote (§25.1).
  const plain = s.indexOf('\\', start) === -1;
  let i = skipWs(s, start);
  while (i < s.length) {
    const scanned = scanTokenCase(s, i);
    const nameEnd = scanned < 0 ? ~scanned : scanned;
    if (nameEnd === i) return err(`expected auth-param near "${s.slice(i, i + 16)}"`);
    const name = scanned < 0 ? s.slice(i, nameEnd).toLowerCase() : s.slice(i, nameEnd);
    i = isWs(s.charCodeAt(nameEnd)) ? skipWs(s, nameEnd) : nameEnd;
    if (s.charCodeAt(i) !== 0x3d) return err(`missing "=" after auth-param "${name}"`);
    i = isWs(s.charCodeAt(i + 1)) ? skipWs(s, i + 1) : i + 1;
    let value: string;
    if (s.charCodeAt(i) === 0x22) {
      const end = plain ? s.indexOf('"', i + 1) + 1 : scanQuoted(s, i);
      if (end <= 0) return err(`unterminated quoted value for "${name}"`);
      value = plain ? s.slice(i + 1, end - 1) : unquoteIn(s, i, end);
      i = end;
    } else {
      const end = scanBareValue(s, i);
      value = s.slice(i, end);
      i = end;
    }
    params.push([name, value]);
    if (isWs(s.charCodeAt(i))) i = skipWs(s, i);
    if (i < s.length) {
      if (s.charCodeAt(i) !== 0x2c) return err(`expected "," near "${s.slice(i, i + 16)}"`);
      i = skipWs(s, i + 1);
      if (i >= s.length) return err('trailing "," in auth-params');
    }
  }
  return ok(params);
}

function isWs(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/** Writes auth-params; names in `unquoted` are written as tokens (when they are), the rest quoted. */
export function formatAuthParams(params: AuthParams, unquoted: ReadonlySet<string>): string {
  return params
    .map(([name, value]) => `${name}=${unquoted.has(name) && isToken(value) ? value : quote(value)}`)
    .join(', ');
}

/** Value of the first auth-param called `name`, or null. */
export function authParam(params: AuthParams, name: string): string | null {
  for (let k = 0; k < params.length; k++) {
    const param = params[k] as readonly [string, string];
    if (param[0] === name) return param[1];
  }
  return null;
}

/** Splits `scheme LWS rest` (RFC 3261 §25.1 credentials / challenge). */
export function splitScheme(value: string): Result<{ scheme: string; rest: string; restStart: number }> {
  const start = skipWs(value, 0);
  const end = scanRun(TOKEN, value, start);
  if (end === start) return err(`missing auth scheme in "${value.slice(0, 40)}"`);
  const next = value.charCodeAt(end);
  if (end < value.length && next !== 0x20 && next !== 0x09)
    return err(`malformed auth scheme "${value.slice(0, 40)}"`);
  const restStart = skipWs(value, end);
  return ok({ scheme: value.slice(start, end), rest: value.slice(restStart), restStart });
}
