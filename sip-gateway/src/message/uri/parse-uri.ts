import { NO_PARAMS } from '../header-params.js';
import { err, ok, type Result } from '../result.js';
import {
  HEADER_CHARS,
  HOST_CHARS,
  PARAM_CHARS,
  PASSWORD_CHARS,
  SCHEME_CHARS,
  USER_CHARS,
} from '../syntax.js';
import type { Params, SipUri, TelUri, Uri } from '../types.js';
import { unescapeUriPart } from './escape.js';

const IPV6_CHARS = /^[0-9a-fA-F:.]+$/;
const TEL_NUMBER = /^[0-9A-Fa-f*#+\-.()]+$/;

/**
 * Parses a URI (RFC 3261 §19.1 for sip/sips, RFC 3966 for tel, RFC 3986 absolute URIs otherwise).
 * Whitespace is never part of a URI, so any is an error.
 */
export function parseUri(text: string): Result<Uri> {
  return parseUriIn(text, 0, text.length);
}

/**
 * `parseUri` on `s[start, end)`, scanning in place (no copy of the URI text): name-addr and
 * Request-URI parsing call it on the enclosing header value or line.
 */
export function parseUriIn(s: string, start: number, end: number): Result<Uri> {
  let colon = start;
  while (colon < end && isSchemeChar(s.charCodeAt(colon))) colon++;
  if (colon === start || colon === end || s.charCodeAt(colon) !== 0x3a || !isAlpha(s.charCodeAt(start))) {
    return err(`no URI scheme in "${s.slice(start, Math.min(end, start + 40))}"`);
  }
  const length = colon - start;
  if ((length === 3 || length === 4) && isSip(s, start)) {
    if (length === 3) return parseSipUri('sip', s, colon + 1, end);
    if ((s.charCodeAt(start + 3) | 0x20) === 0x73) return parseSipUri('sips', s, colon + 1, end);
  }
  const scheme = s.slice(start, colon).toLowerCase();
  const rest = s.slice(colon + 1, end);
  if (scheme === 'tel') return parseTelUri(rest);
  if (rest.length === 0 || !isVisibleUriText(rest)) {
    return err(`invalid ${scheme} URI "${s.slice(start, Math.min(end, start + 40))}"`);
  }
  return ok({ scheme, raw: s.slice(start, end) });
}

function isSchemeChar(code: number): boolean {
  return code < 128 && SCHEME_CHARS[code] === 1;
}

/** `s` has "sip" (any case) at `i`. */
function isSip(s: string, i: number): boolean {
  return (
    (s.charCodeAt(i) | 0x20) === 0x73 &&
    (s.charCodeAt(i + 1) | 0x20) === 0x69 &&
    (s.charCodeAt(i + 2) | 0x20) === 0x70
  );
}

/** No whitespace, controls or the characters RFC 3986 §2 never allows unescaped. */
function isVisibleUriText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x20 || code === 0x7f || '<>"\\^`{|}'.includes(text[i] as string)) return false;
  }
  return true;
}

function isAlpha(code: number): boolean {
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x7a;
}

/** End of the run of `table` characters in `s[i, end)`; sets nothing, allocates nothing. */
function scanIn(table: Uint8Array, s: string, i: number, end: number): number {
  let j = i;
  while (j < end) {
    const c = s.charCodeAt(j);
    if (c >= 128 || table[c] !== 1) break;
    j++;
  }
  return j;
}

/** `s[start, end)` with its `%HH` escapes decoded, or null when an escape is malformed. */
function unescapeIn(s: string, start: number, end: number): string | null {
  const text = s.slice(start, end);
  return text.indexOf('%') === -1 ? text : unescapeUriPart(text);
}

/**
 * SIP-URI = "sip:" [ userinfo ] hostport uri-parameters [ headers ] (§19.1.1, §25.1), on `s[start, end)`.
 * userinfo may contain ";", "?" and "/" (user-unreserved), so it runs to the first "@".
 */
function parseSipUri(scheme: 'sip' | 'sips', s: string, start: number, end: number): Result<SipUri> {
  let at = s.indexOf('@', start);
  if (at >= end) at = -1;
  let user: string | null = null;
  let password: string | null = null;
  if (at !== -1) {
    const userEnd = scanIn(USER_CHARS, s, start, at);
    const c = s.charCodeAt(userEnd);
    if (userEnd === start || (userEnd < at && c !== 0x3a)) {
      return err(`invalid user part in URI "${s.slice(start, Math.min(end, start + 40))}"`);
    }
    user = unescapeIn(s, start, userEnd);
    if (user === null) return err('invalid %-escape in URI user part');
    if (userEnd < at) {
      if (scanIn(PASSWORD_CHARS, s, userEnd + 1, at) !== at) return err('invalid URI password');
      password = unescapeIn(s, userEnd + 1, at);
      if (password === null) return err('invalid %-escape in URI password');
    }
  }
  const hostStart = at === -1 ? start : at + 1;
  let i = hostStart;
  let host: string;
  if (i < end && s.charCodeAt(i) === 0x5b) {
    const close = s.indexOf(']', i);
    const inner = close === -1 || close >= end ? '' : s.slice(i + 1, close);
    if (!IPV6_CHARS.test(inner) || !inner.includes(':')) {
      return err(`invalid IPv6 reference in URI "${s.slice(start, Math.min(end, start + 60))}"`);
    }
    i = close + 1;
    host = s.slice(hostStart, i).toLowerCase();
  } else {
    let upper = false;
    for (; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c >= 128 || HOST_CHARS[c] !== 1) break;
      if (c <= 0x5a && c >= 0x41) upper = true;
    }
    if (i === hostStart) return err(`missing host in URI "${s.slice(start, Math.min(end, start + 40))}"`);
    host = upper ? s.slice(hostStart, i).toLowerCase() : s.slice(hostStart, i);
  }
  let port: number | null = null;
  if (i < end && s.charCodeAt(i) === 0x3a) {
    let value = 0;
    let j = i + 1;
    for (; j < end; j++) {
      const digit = s.charCodeAt(j) - 0x30;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
    }
    if (j === i + 1 || j - i - 1 > 5 || value > 65535) {
      return err(`invalid port in URI "${s.slice(start, Math.min(end, start + 60))}"`);
    }
    port = value;
    i = j;
  }
  let question = s.indexOf('?', i);
  if (question === -1 || question >= end) question = end;
  if (i < question && s.charCodeAt(i) !== 0x3b) {
    return err(`unexpected "${s.slice(i, Math.min(question, i + 16))}" after host in URI`);
  }
  const params = i < question ? parsePairs(s, i + 1, question, 0x3b, PARAM_CHARS, true) : NO_PARAMS;
  if (params === null) return err(pairsError(s, i + 1, question, 0x3b, PARAM_CHARS, 'parameter'));
  const headers = question < end ? parsePairs(s, question + 1, end, 0x26, HEADER_CHARS, false) : NO_PARAMS;
  if (headers === null) return err(pairsError(s, question + 1, end, 0x26, HEADER_CHARS, 'header'));
  return ok({ scheme, user, password, host, port, params, headers });
}

/**
 * `name[=value]` pairs separated by `separator` in `s[start, end)`, %-decoded; parameter names are
 * lower-cased and a valueless parameter maps to null, a valueless header to "". Null when malformed
 * (`pairsError` then names the fault).
 */
function parsePairs(
  s: string,
  start: number,
  end: number,
  separator: number,
  chars: Uint8Array,
  isParam: boolean,
): Params | null {
  if (start === end) return NO_PARAMS;
  const pairs: Array<readonly [string, string | null]> = [];
  let i = start;
  for (;;) {
    // name: characters from `chars`, noting "%" (to decode) and upper case (to fold) on the way.
    let nameEnd = i;
    let escaped = false;
    let upper = false;
    for (; nameEnd < end; nameEnd++) {
      const c = s.charCodeAt(nameEnd);
      if (c >= 128 || chars[c] !== 1) break;
      if (c === 0x25) escaped = true;
      else if (c <= 0x5a && c >= 0x41) upper = true;
    }
    if (nameEnd === i) return null;
    let name = s.slice(i, nameEnd);
    if (escaped) {
      const decoded = unescapeUriPart(name);
      if (decoded === null) return null;
      name = isParam ? decoded.toLowerCase() : decoded;
    } else if (upper && isParam) name = name.toLowerCase();
    const c = nameEnd < end ? s.charCodeAt(nameEnd) : separator;
    let value: string | null = isParam ? null : '';
    let next = nameEnd;
    if (c === 0x3d) {
      next = scanIn(chars, s, nameEnd + 1, end);
      value = unescapeIn(s, nameEnd + 1, next);
      if (value === null) return null;
    } else if (c !== separator) return null;
    if (next < end && s.charCodeAt(next) !== separator) return null;
    pairs.push([name, value]);
    if (next >= end) return pairs;
    i = next + 1;
    if (i === end) return null;
  }
}

/** The error for a `parsePairs` failure: a bad %-escape or the first malformed item. */
function pairsError(
  s: string,
  start: number,
  end: number,
  separator: number,
  chars: Uint8Array,
  what: string,
): string {
  let i = start;
  for (;;) {
    let itemEnd = s.indexOf(String.fromCharCode(separator), i);
    if (itemEnd === -1 || itemEnd > end) itemEnd = end;
    const item = s.slice(i, itemEnd);
    const eq = item.indexOf('=');
    const rawName = eq === -1 ? item : item.slice(0, eq);
    const rawValue = eq === -1 ? '' : item.slice(eq + 1);
    if (
      rawName.length === 0 ||
      scanIn(chars, rawName, 0, rawName.length) !== rawName.length ||
      scanIn(chars, rawValue, 0, rawValue.length) !== rawValue.length
    ) {
      return `invalid URI ${what} "${item.slice(0, 40)}"`;
    }
    if (unescapeUriPart(rawName) === null || unescapeUriPart(rawValue) === null) {
      return `invalid %-escape in URI ${what}`;
    }
    if (itemEnd >= end) return `invalid URI ${what}`;
    i = itemEnd + 1;
  }
}

/** telephone-subscriber = global-number / local-number, then `;par` parameters (RFC 3966 §3). */
function parseTelUri(s: string): Result<TelUri> {
  const semi = s.indexOf(';');
  const number = semi === -1 ? s : s.slice(0, semi);
  if (!TEL_NUMBER.test(number)) return err(`invalid tel URI number "${number.slice(0, 40)}"`);
  const params = semi === -1 ? NO_PARAMS : parsePairs(s, semi + 1, s.length, 0x3b, PARAM_CHARS, true);
  if (params === null) return err(pairsError(s, semi + 1, s.length, 0x3b, PARAM_CHARS, 'parameter'));
  return ok({ scheme: 'tel', number, params });
}
