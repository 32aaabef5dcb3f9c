import { formatHeaderParams, getParam, parseHeaderParams } from '../header-params.js';
import { err, ok, type Result } from '../result.js';
import { quote, scanQuoted, scanRun, skipWs, TOKEN, unquote } from '../syntax.js';
import type { FromTo, NameAddr, Params } from '../types.js';
import { formatUri } from '../uri/format-uri.js';
import { parseUri } from '../uri/parse-uri.js';

/**
 * Parses `( name-addr / addr-spec ) *( SEMI generic-param )` starting at `i` (RFC 3261 §20.10, §25.1):
 * `"Display" <uri>;p=v`, `Display Name <uri>`, or a bare URI whose `;params` belong to the header.
 * A missing LWS before `<` is accepted (RFC 4475 §3.1.1.6 calls it a specification bug).
 */
export function parseNameAddrAt(s: string, start: number): Result<{ value: NameAddr; end: number }> {
  let i = skipWs(s, start);
  let displayName: string | null = null;
  let uriText: string;
  if (s.charCodeAt(i) === 0x22) {
    const close = scanQuoted(s, i);
    if (close === -1) return err('unterminated quoted display name');
    displayName = unquote(s.slice(i, close));
    i = skipWs(s, close);
    if (s.charCodeAt(i) !== 0x3c) return err('quoted display name not followed by <addr-spec>');
  } else {
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
  if (s.charCodeAt(i) === 0x3c) {
    const close = s.indexOf('>', i);
    if (close === -1) return err('missing ">" after addr-spec');
    uriText = s.slice(i + 1, close);
    i = close + 1;
  } else {
    // addr-spec form: the URI ends at the first ";" or LWS (§20.10: its params are header params).
    let end = i;
    while (end < s.length) {
      const c = s.charCodeAt(end);
      if (c === 0x3b || c === 0x20 || c === 0x09) break;
      end++;
    }
    uriText = s.slice(i, end);
    if (uriText.includes('?') || uriText.includes(',')) {
      return err('a URI with "?" or "," must be enclosed in <> (RFC 3261 §20.10)');
    }
    i = end;
  }
  const uri = parseUri(uriText);
  if (!uri.ok) return uri;
  const params = parseHeaderParams(s, i);
  if (!params.ok) return params;
  return ok({ value: { displayName, uri: uri.value, params: params.value.params }, end: params.value.end });
}

/** Parses one name-addr / addr-spec value with header parameters, rejecting trailing text. */
export function parseNameAddr(value: string): Result<NameAddr> {
  const parsed = parseNameAddrAt(value, 0);
  if (!parsed.ok) return parsed;
  if (parsed.value.end !== value.length) {
    return err(`unexpected "${value.slice(parsed.value.end, parsed.value.end + 16)}" after address`);
  }
  return ok(parsed.value.value);
}

/** From / To (RFC 3261 §20.20, §20.39): a name-addr whose `tag` parameter is exposed. */
export function parseFromTo(value: string): Result<FromTo> {
  const parsed = parseNameAddr(value);
  if (!parsed.ok) return parsed;
  const tag = getParam(parsed.value.params, 'tag');
  if (tag === null) return err('tag parameter without a value');
  const { displayName, uri, params } = parsed.value;
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
