import { formatHeaderParams, getParam, parseHeaderParams } from '../header-params.js';
import { err, ok, type Result } from '../result.js';
import { quote, scanQuoted, scanRun, skipWs, TOKEN, unquote } from '../syntax.js';
import type { FromTo, NameAddr, Params } from '../types.js';
import { formatUri } from '../uri/format-uri.js';
import { parseUriIn } from '../uri/parse-uri.js';

/** A name-addr / addr-spec value with header params, and the index where it ends. */
export interface AddressAt extends NameAddr {
  readonly end: number;
}

/**
 * Parses `( name-addr / addr-spec ) *( SEMI generic-param )` starting at `i` (RFC 3261 §20.10, §25.1):
 * `"Display" <uri>;p=v`, `Display Name <uri>`, or a bare URI whose `;params` belong to the header.
 * A missing LWS before `<` is accepted (RFC 4475 §3.1.1.6 calls it a specification bug).
 */
export function parseAddressAt(s: string, start: number): Result<AddressAt> {
  let i = skipWs(s, start);
  let displayName: string | null = null;
  if (s.charCodeAt(i) === 0x22) {
    const close = scanQuoted(s, i);
    if (close === -1) return err('unterminated quoted display name');
    displayName = unquote(s.slice(i, close));
    i = skipWs(s, close);
    if (s.charCodeAt(i) !== 0x3c) return err('quoted display name not followed by <addr-spec>');
  } else if (s.charCodeAt(i) !== 0x3c) {
    // *(token LWS) then "<": a display name; otherwise the text is an addr-spec.
    let j = i;
    for (;;) {
      const end = scanRun(TOKEN, s, j);
      if (end === j) break;
      j = skipWs(s, end);
    }
    if (s.charCodeAt(j) === 0x3c) {
      const words = s.slice(i, j).trim();
      displayName = words.length > 0 ? words.replace(/[ \t]+/g, ' ') : null;
      i = j;
    } else if (s.charCodeAt(j) !== 0x3a) {
      return err(`invalid display name or address near "${s.slice(i, i + 24)}"`);
    }
  }
  let uriStart: number;
  let uriEnd: number;
  if (s.charCodeAt(i) === 0x3c) {
    const close = s.indexOf('>', i);
    if (close === -1) return err('missing ">" after addr-spec');
    uriStart = i + 1;
    uriEnd = close;
    i = close + 1;
  } else {
    // addr-spec form: the URI ends at the first ";" or LWS (§20.10: its params are header params).
    let end = i;
    while (end < s.length) {
      const c = s.charCodeAt(end);
      if (c === 0x3b || c === 0x20 || c === 0x09) break;
      if (c === 0x3f || c === 0x2c) {
        return err('a URI with "?" or "," must be enclosed in <> (RFC 3261 §20.10)');
      }
      end++;
    }
    uriStart = i;
    uriEnd = end;
    i = end;
  }
  const uri = parseUriIn(s, uriStart, uriEnd);
  if (!uri.ok) return uri;
  const params = parseHeaderParams(s, i);
  if (!params.ok) return params;
  return ok({ displayName, uri: uri.value, params: params.value.params, end: params.value.end });
}

/** `parseAddressAt` in the `{ value, end }` form. */
export function parseNameAddrAt(s: string, start: number): Result<{ value: NameAddr; end: number }> {
  const parsed = parseAddressAt(s, start);
  if (!parsed.ok) return parsed;
  const { displayName, uri, params, end } = parsed.value;
  return ok({ value: { displayName, uri, params }, end });
}

/** Parses one whole name-addr / addr-spec value (header parameters included), rejecting trailing text. */
export function parseAddress(value: string): Result<AddressAt> {
  const parsed = parseAddressAt(value, 0);
  if (!parsed.ok) return parsed;
  const end = parsed.value.end;
  if (end !== value.length) return err(`unexpected "${value.slice(end, end + 16)}" after address`);
  return parsed;
}

/** Parses one name-addr / addr-spec value with header parameters, rejecting trailing text. */
export function parseNameAddr(value: string): Result<NameAddr> {
  const parsed = parseAddress(value);
  if (!parsed.ok) return parsed;
  const { displayName, uri, params } = parsed.value;
  return ok({ displayName, uri, params });
}

/** From / To (RFC 3261 §20.20, §20.39): a name-addr whose `tag` parameter is exposed. */
export function parseFromTo(value: string): Result<FromTo> {
  const parsed = parseAddress(value);
  if (!parsed.ok) return parsed;
  const { displayName, uri, params } = parsed.value;
  const tag = getParam(params, 'tag');
  if (tag === null) return err('tag parameter without a value');
  return ok({ displayName, uri, params, tag: tag ?? null });
}

/** Always writes the name-addr form (`"Display" <uri>;params`), which is valid for every URI. */
export function formatNameAddr(value: NameAddr): string {
  const display = value.displayName === null ? '' : `${quote(value.displayName)} `;
  return `${display}<${formatUri(value.uri)}>${formatHeaderParams(value.params)}`;
}

export const formatFromTo: (value: FromTo) => string = formatNameAddr;

/** A From/To value with its tag set (replacing any tag parameter). */
export function fromToWithTag(value: FromTo, tag: string): FromTo {
  const params: Params = [...value.params.filter(([name]) => name !== 'tag'), ['tag', tag]];
  return { ...value, params, tag };
}
