import { NO_PARAMS } from '#sip/message/header-params.js';
import { viaOf } from '#sip/message/headers/via.js';
import {
  GEN_VALUE_CHARS,
  HOST_CHARS,
  MAX_UINT32,
  PARAM_CHARS,
  TOKEN,
  USER_CHARS,
} from '#sip/message/syntax.js';
import type { CSeq, FromTo, Params, SipUri, Via } from '#sip/message/types.js';

/**
 * Range parsers for the usual shapes of the mandatory header values, reading the octets of an ASCII
 * datagram (`bytes`) and slicing strings from its decoded copy (`text`, same indices). Each returns
 * null for anything outside its shape (%-escapes, quoted-pairs, LWS inside the value, IPv6, other
 * URI schemes, comma lists, …): the caller then runs the string parser on the header value, which
 * gives the same value for every input accepted here.
 */

const COLON = 0x3a;
const SEMI = 0x3b;
const EQUAL = 0x3d;
const QUOTE = 0x22;

/** End of the run of `table` octets in `bytes[i, end)`. */
function runEnd(table: Uint8Array, bytes: Uint8Array, i: number, end: number): number {
  let j = i;
  while (j < end && table[bytes[j] as number] === 1) j++;
  return j;
}

/** Parameter names and transports common enough to share one string instead of copying each. */
const COMMON: Array<string[] | undefined> = [];
for (const word of [
  'branch',
  'received',
  'rport',
  'maddr',
  'ttl',
  'tag',
  'transport',
  'lr',
  'user',
  'UDP',
  'TCP',
  'TLS',
]) {
  const slot = word.length * 128 + word.charCodeAt(0);
  COMMON[slot] = [...(COMMON[slot] ?? []), word];
}

/** `text[start, end)`, shared when it is one of the common words. */
function sliceOf(bytes: Uint8Array, text: string, start: number, end: number): string {
  const list = COMMON[(end - start) * 128 + (bytes[start] as number)];
  if (list !== undefined) {
    for (let k = 0; k < list.length; k++) {
      const word = list[k] as string;
      let i = 0;
      while (i < word.length && bytes[start + i] === word.charCodeAt(i)) i++;
      if (i === word.length) return word;
    }
  }
  return text.slice(start, end);
}

/** `text[start, end)`, lower-cased when it has an upper-case letter. */
function lowerSlice(bytes: Uint8Array, text: string, start: number, end: number): string {
  for (let i = start; i < end; i++) {
    const c = bytes[i] as number;
    if (c >= 0x41 && c <= 0x5a) return text.slice(start, end).toLowerCase();
  }
  return sliceOf(bytes, text, start, end);
}

/** 1*DIGIT in `bytes[start, end)` up to `max`, or -1 (as `parseBoundedInt`). */
export function digitsIn(bytes: Uint8Array, start: number, end: number, max: number): number {
  if (start === end) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = (bytes[i] as number) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
    if (value > max) return -1;
  }
  return value;
}

/** `*( SEMI generic-param )` filling `bytes[i, end)` exactly, without LWS or quoted values. */
export function headerParamsIn(bytes: Uint8Array, text: string, i: number, end: number): Params | null {
  if (i === end) return NO_PARAMS;
  if (bytes[i] !== SEMI) return null;
  const params: Array<readonly [string, string | null]> = [];
  let j = i;
  while (j < end) {
    if (bytes[j] !== SEMI) return null;
    const nameStart = j + 1;
    const nameEnd = runEnd(TOKEN, bytes, nameStart, end);
    if (nameEnd === nameStart) return null;
    const name = lowerSlice(bytes, text, nameStart, nameEnd);
    if (nameEnd < end && bytes[nameEnd] === EQUAL) {
      const valueEnd = runEnd(GEN_VALUE_CHARS, bytes, nameEnd + 1, end);
      if (valueEnd === nameEnd + 1) return null;
      params.push([name, text.slice(nameEnd + 1, valueEnd)]);
      j = valueEnd;
    } else {
      params.push([name, null]);
      j = nameEnd;
    }
  }
  return params;
}

/** `sip:` / `sips:` URI in `bytes[start, end)` without password, %-escapes, IPv6 or headers. */
export function sipUriIn(bytes: Uint8Array, text: string, start: number, end: number): SipUri | null {
  if (
    end - start < 5 ||
    ((bytes[start] as number) | 0x20) !== 0x73 ||
    ((bytes[start + 1] as number) | 0x20) !== 0x69 ||
    ((bytes[start + 2] as number) | 0x20) !== 0x70
  ) {
    return null;
  }
  let i = start + 4;
  let scheme: 'sip' | 'sips' = 'sip';
  if (bytes[start + 3] !== COLON) {
    if (((bytes[start + 3] as number) | 0x20) !== 0x73 || bytes[start + 4] !== COLON) return null;
    scheme = 'sips';
    i = start + 5;
  }
  let user: string | null = null;
  let at = i;
  while (at < end && bytes[at] !== 0x40) at++;
  if (at < end) {
    for (let j = i; j < at; j++) {
      const c = bytes[j] as number;
      if (USER_CHARS[c] !== 1 || c === 0x25) return null;
    }
    if (at === i) return null;
    user = text.slice(i, at);
    i = at + 1;
  }
  const hostStart = i;
  let upper = false;
  for (; i < end; i++) {
    const c = bytes[i] as number;
    if (HOST_CHARS[c] !== 1) break;
    if (c <= 0x5a && c >= 0x41) upper = true;
  }
  if (i === hostStart) return null;
  const host = upper ? text.slice(hostStart, i).toLowerCase() : text.slice(hostStart, i);
  let port: number | null = null;
  if (i < end && bytes[i] === COLON) {
    const digitsEnd = runEnd(DIGITS, bytes, i + 1, end);
    port = digitsEnd - i - 1 <= 5 ? digitsIn(bytes, i + 1, digitsEnd, 65535) : -1;
    if (port === -1) return null;
    i = digitsEnd;
  }
  if (i === end) return { scheme, user, password: null, host, port, params: NO_PARAMS, headers: NO_PARAMS };
  if (bytes[i] !== SEMI || i + 1 === end) return null;
  const params: Array<readonly [string, string | null]> = [];
  while (i < end) {
    if (bytes[i] !== SEMI || i + 1 === end) return null;
    const nameStart = i + 1;
    let nameEnd = nameStart;
    let nameUpper = false;
    for (; nameEnd < end; nameEnd++) {
      const c = bytes[nameEnd] as number;
      if (PARAM_CHARS[c] !== 1 || c === 0x25) break;
      if (c <= 0x5a && c >= 0x41) nameUpper = true;
    }
    if (nameEnd === nameStart) return null;
    const name = nameUpper
      ? text.slice(nameStart, nameEnd).toLowerCase()
      : sliceOf(bytes, text, nameStart, nameEnd);
    if (nameEnd < end && bytes[nameEnd] === EQUAL) {
      let valueEnd = nameEnd + 1;
      for (; valueEnd < end; valueEnd++) {
        const c = bytes[valueEnd] as number;
        if (PARAM_CHARS[c] !== 1 || c === 0x25) break;
      }
      params.push([name, text.slice(nameEnd + 1, valueEnd)]);
      i = valueEnd;
    } else {
      params.push([name, null]);
      i = nameEnd;
    }
  }
  return { scheme, user, password: null, host, port, params, headers: NO_PARAMS };
}

const DIGITS = new Uint8Array(128).fill(1, 0x30, 0x3a);

/** `SIP/2.0/transport SP host[:port]*(;param)` in `bytes[start, end)`, one value, no IPv6. */
export function viaIn(bytes: Uint8Array, text: string, start: number, end: number): Via | null {
  if (
    end - start < 10 ||
    bytes[start] !== 0x53 ||
    bytes[start + 1] !== 0x49 ||
    bytes[start + 2] !== 0x50 ||
    bytes[start + 3] !== 0x2f ||
    bytes[start + 4] !== 0x32 ||
    bytes[start + 5] !== 0x2e ||
    bytes[start + 6] !== 0x30 ||
    bytes[start + 7] !== 0x2f
  ) {
    return null;
  }
  const transportEnd = runEnd(TOKEN, bytes, start + 8, end);
  if (transportEnd === start + 8 || bytes[transportEnd] !== 0x20) return null;
  let transport = sliceOf(bytes, text, start + 8, transportEnd);
  for (let i = start + 8; i < transportEnd; i++) {
    if ((bytes[i] as number) >= 0x61) {
      transport = transport.toUpperCase();
      break;
    }
  }
  const hostStart = transportEnd + 1;
  let i = runEnd(HOST_CHARS, bytes, hostStart, end);
  if (i === hostStart) return null;
  const host = lowerSlice(bytes, text, hostStart, i);
  let port: number | null = null;
  if (i < end && bytes[i] === COLON) {
    const digitsEnd = runEnd(DIGITS, bytes, i + 1, end);
    port = digitsEnd - i - 1 <= 5 ? digitsIn(bytes, i + 1, digitsEnd, 65535) : -1;
    if (port === -1) return null;
    i = digitsEnd;
  }
  const params = headerParamsIn(bytes, text, i, end);
  if (params === null) return null;
  const via = viaOf('SIP', '2.0', transport, host, port, params);
  return via.ok ? via.value : null;
}

/** From / To as `"Display" <sip-uri>;params` or `<sip-uri>;params`, the tag parameter read out. */
export function fromToIn(bytes: Uint8Array, text: string, start: number, end: number): FromTo | null {
  let i = start;
  let displayName: string | null = null;
  if (bytes[i] === QUOTE) {
    let close = i + 1;
    while (close < end && bytes[close] !== QUOTE) {
      if (bytes[close] === 0x5c) return null;
      close++;
    }
    if (close === end) return null;
    displayName = text.slice(i + 1, close);
    i = close + 1;
    while (i < end && (bytes[i] === 0x20 || bytes[i] === 0x09)) i++;
  }
  if (bytes[i] !== 0x3c) return null;
  let close = i + 1;
  while (close < end && bytes[close] !== 0x3e) close++;
  if (close === end) return null;
  const uri = sipUriIn(bytes, text, i + 1, close);
  if (uri === null) return null;
  const params = headerParamsIn(bytes, text, close + 1, end);
  if (params === null) return null;
  let tag: string | null | undefined;
  for (let k = 0; k < params.length && tag === undefined; k++) {
    const param = params[k] as readonly [string, string | null];
    if (param[0] === 'tag') tag = param[1];
  }
  if (tag === null) return null;
  return { displayName, uri, params, tag: tag ?? null };
}

/** `1*DIGIT LWS token` (at most 10 digits, up to 2**32-1) in `bytes[start, end)`. */
export function cseqIn(bytes: Uint8Array, text: string, start: number, end: number): CSeq | null {
  let i = start;
  let seq = 0;
  while (i < end && i - start < 10) {
    const digit = (bytes[i] as number) - 0x30;
    if (digit < 0 || digit > 9) break;
    seq = seq * 10 + digit;
    i++;
  }
  const digitsEnd = i;
  while (i < end && (bytes[i] === 0x20 || bytes[i] === 0x09)) i++;
  if (digitsEnd === start || i === digitsEnd || i === end || seq > MAX_UINT32) return null;
  if (runEnd(TOKEN, bytes, i, end) !== end) return null;
  return { seq, method: text.slice(i, end) };
}
