import { err, ok, type Result } from '../result.js';
import {
  allIn,
  HEADER_CHARS,
  HOST_CHARS,
  PARAM_CHARS,
  PASSWORD_CHARS,
  parseBoundedInt,
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
  const colon = text.indexOf(':');
  if (colon <= 0 || !isAlpha(text.charCodeAt(0)) || !allIn(SCHEME_CHARS, text.slice(0, colon))) {
    return err(`no URI scheme in "${text.slice(0, 40)}"`);
  }
  const scheme = text.slice(0, colon).toLowerCase();
  const rest = text.slice(colon + 1);
  if (scheme === 'sip' || scheme === 'sips') return parseSipUri(scheme, rest);
  if (scheme === 'tel') return parseTelUri(rest);
  if (rest.length === 0 || !isVisibleUriText(rest)) {
    return err(`invalid ${scheme} URI "${text.slice(0, 40)}"`);
  }
  return ok({ scheme, raw: text });
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

/** SIP-URI = "sip:" [ userinfo ] hostport uri-parameters [ headers ] (§19.1.1, §25.1). */
function parseSipUri(scheme: 'sip' | 'sips', s: string): Result<SipUri> {
  // userinfo may contain ";", "?" and "/" (user-unreserved), but never a bare "@" elsewhere.
  const at = s.indexOf('@');
  let user: string | null = null;
  let password: string | null = null;
  if (at !== -1) {
    const userinfo = s.slice(0, at);
    const colon = userinfo.indexOf(':');
    const rawUser = colon === -1 ? userinfo : userinfo.slice(0, colon);
    if (!allIn(USER_CHARS, rawUser)) return err(`invalid user part in URI "${s.slice(0, 40)}"`);
    user = unescapeUriPart(rawUser);
    if (user === null) return err('invalid %-escape in URI user part');
    if (colon !== -1) {
      const rawPassword = userinfo.slice(colon + 1);
      if (rawPassword.length > 0 && !allIn(PASSWORD_CHARS, rawPassword)) return err('invalid URI password');
      password = unescapeUriPart(rawPassword);
      if (password === null) return err('invalid %-escape in URI password');
    }
  }
  const hostStart = at + 1;
  let i = hostStart;
  if (s.charCodeAt(i) === 0x5b) {
    const close = s.indexOf(']', i);
    if (close === -1 || !IPV6_CHARS.test(s.slice(i + 1, close)) || !s.slice(i + 1, close).includes(':')) {
      return err(`invalid IPv6 reference in URI "${s.slice(0, 60)}"`);
    }
    i = close + 1;
  } else {
    while (i < s.length && HOST_CHARS[s.charCodeAt(i)] === 1) i++;
    if (i === hostStart) return err(`missing host in URI "${s.slice(0, 40)}"`);
  }
  const host = s.slice(hostStart, i).toLowerCase();
  let port: number | null = null;
  if (s.charCodeAt(i) === 0x3a) {
    const portEnd = scanDigits(s, i + 1);
    port = portEnd - i - 1 <= 5 ? parseBoundedInt(s.slice(i + 1, portEnd), 65535) : null;
    if (port === null) return err(`invalid port in URI "${s.slice(0, 60)}"`);
    i = portEnd;
  }
  const question = s.indexOf('?', i);
  const paramText = s.slice(i, question === -1 ? s.length : question);
  if (paramText.length > 0 && paramText.charCodeAt(0) !== 0x3b) {
    return err(`unexpected "${paramText.slice(0, 16)}" after host in URI`);
  }
  const params = parseUriPairs(paramText.slice(1), ';', PARAM_CHARS, true);
  if (!params.ok) return params;
  const headers = question === -1 ? ok([]) : parseUriPairs(s.slice(question + 1), '&', HEADER_CHARS, false);
  if (!headers.ok) return headers;
  return ok({ scheme, user, password, host, port, params: params.value, headers: headers.value });
}

function scanDigits(s: string, i: number): number {
  let j = i;
  while (j < s.length && s.charCodeAt(j) >= 0x30 && s.charCodeAt(j) <= 0x39) j++;
  return j;
}

/** `name[=value]` pairs separated by `separator`, %-decoded; names lower-cased for parameters. */
function parseUriPairs(text: string, separator: string, chars: Uint8Array, isParam: boolean): Result<Params> {
  if (text.length === 0) return ok([]);
  const pairs: Array<readonly [string, string | null]> = [];
  for (const item of text.split(separator)) {
    const eq = item.indexOf('=');
    const rawName = eq === -1 ? item : item.slice(0, eq);
    const rawValue = eq === -1 ? null : item.slice(eq + 1);
    const what = isParam ? 'parameter' : 'header';
    if (!allIn(chars, rawName) || (rawValue !== null && rawValue.length > 0 && !allIn(chars, rawValue))) {
      return err(`invalid URI ${what} "${item.slice(0, 40)}"`);
    }
    const name = unescapeUriPart(rawName);
    const value = rawValue === null ? null : unescapeUriPart(rawValue);
    if (name === null || (rawValue !== null && value === null)) return err(`invalid %-escape in URI ${what}`);
    pairs.push([isParam ? name.toLowerCase() : name, isParam ? value : (value ?? '')]);
  }
  return ok(pairs);
}

/** telephone-subscriber = global-number / local-number, then `;par` parameters (RFC 3966 §3). */
function parseTelUri(s: string): Result<TelUri> {
  const semi = s.indexOf(';');
  const number = semi === -1 ? s : s.slice(0, semi);
  if (!TEL_NUMBER.test(number)) return err(`invalid tel URI number "${number.slice(0, 40)}"`);
  const params = parseUriPairs(semi === -1 ? '' : s.slice(semi + 1), ';', PARAM_CHARS, true);
  if (!params.ok) return params;
  return ok({ scheme: 'tel', number, params: params.value });
}
