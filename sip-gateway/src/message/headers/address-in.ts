import type { NameAddr } from '../types.js';
import { sipUriIn } from '../uri/sip-uri-in.js';
import { headerParamsIn } from './header-params-in.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * `"Display" <sip-uri>;params` or `<sip-uri>;params` filling the octets `bytes[start, end)` of an
 * ASCII text (RFC 3261 §20.10, §25.1 name-addr), strings sliced from `text` (same indices). Null for
 * any other shape (token display names, bare addr-specs, quoted-pairs, LWS around parameters, other
 * URIs, …): `parseAddressAt` then decides, and it gives the same value for every input accepted here.
 */
export function addressIn(bytes: Uint8Array, text: string, start: number, end: number): NameAddr | null {
  let i = start;
  let displayName: string | null = null;
  if (i < end && bytes[i] === QUOTE) {
    let close = i + 1;
    while (close < end && bytes[close] !== QUOTE) {
      if (bytes[close] === BACKSLASH) return null;
      close++;
    }
    if (close === end) return null;
    displayName = text.slice(i + 1, close);
    i = close + 1;
    while (i < end && (bytes[i] === 0x20 || bytes[i] === 0x09)) i++;
  }
  if (i === end || bytes[i] !== 0x3c) return null;
  const close = text.indexOf('>', i + 1);
  if (close === -1 || close >= end) return null;
  const uri = sipUriIn(bytes, text, i + 1, close);
  if (uri === null) return null;
  const params = headerParamsIn(bytes, text, close + 1, end);
  if (params === null) return null;
  return { displayName, uri, params };
}
