import { addressIn } from '#sip/message/headers/address-in.js';
import { headerParamsIn } from '#sip/message/headers/header-params-in.js';
import { viaOf } from '#sip/message/headers/via.js';
import { MAX_UINT32, runEnd, TOKEN as TOKEN_TABLE } from '#sip/message/syntax.js';
import type { CSeq, FromTo, Via } from '#sip/message/types.js';
import { hostPortIn } from '#sip/message/uri/host-port-in.js';

// Local copies of the imported tables: V8 folds a module's own constants into optimized loops but
// reloads an imported binding on every use.
const TOKEN = TOKEN_TABLE;

/**
 * Range parsers for the usual shapes of the mandatory header values, reading the octets of an ASCII
 * datagram (`bytes`) and slicing strings from its decoded copy (`text`, same indices). Each returns
 * null for anything outside its shape (%-escapes, quoted-pairs, LWS inside the value, IPv6, other
 * URI schemes, comma lists, …): the caller then runs the string parser on the header value, which
 * gives the same value for every input accepted here.
 */

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
  let transport = text.slice(start + 8, transportEnd);
  for (let i = start + 8; i < transportEnd; i++) {
    if ((bytes[i] as number) >= 0x61) {
      transport = transport.toUpperCase();
      break;
    }
  }
  const hostPort = hostPortIn(bytes, text, transportEnd + 1, end);
  if (hostPort === null) return null;
  const { host, port } = hostPort;
  const params = headerParamsIn(bytes, text, hostPort.end, end);
  if (params === null) return null;
  const via = viaOf('SIP', '2.0', transport, host, port, params);
  return via.ok ? via.value : null;
}

/** From / To as `"Display" <sip-uri>;params` or `<sip-uri>;params`, the tag parameter read out. */
export function fromToIn(bytes: Uint8Array, text: string, start: number, end: number): FromTo | null {
  const address = addressIn(bytes, text, start, end);
  if (address === null) return null;
  const params = address.params;
  let tag: string | null | undefined;
  for (let k = 0; k < params.length && tag === undefined; k++) {
    const param = params[k] as readonly [string, string | null];
    if (param[0] === 'tag') tag = param[1];
  }
  if (tag === null) return null;
  return { displayName: address.displayName, uri: address.uri, params, tag: tag ?? null };
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
