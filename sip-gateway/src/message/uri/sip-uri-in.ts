import { NO_PARAMS } from '../header-params.js';
import { PARAM_CHARS as PARAM_CHARS_TABLE, USER_CHARS as USER_CHARS_TABLE } from '../syntax.js';
import type { SipUri } from '../types.js';
import { hostPortIn } from './host-port-in.js';

// Local copies of the imported tables: V8 folds a module's own constants into optimized loops but
// reloads an imported binding on every use.
const USER_CHARS = USER_CHARS_TABLE;
const PARAM_CHARS = PARAM_CHARS_TABLE;

const COLON = 0x3a;
const SEMI = 0x3b;
const EQUAL = 0x3d;

/**
 * The usual shape of a SIP-URI (RFC 3261 §19.1.1) read from the octets `bytes[start, end)` of an
 * ASCII text, strings sliced from `text` (same indices). Null for anything else (password,
 * %-escapes, IPv6, headers, …): `parseUriIn` then decides, and it gives the same value for every
 * URI accepted here.
 */
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
  // userinfo runs to the first "@" (§19.1.1): a run of user characters ending at one, else none.
  let user: string | null = null;
  let userEnd = i;
  for (; userEnd < end; userEnd++) {
    const c = bytes[userEnd] as number;
    if (USER_CHARS[c] !== 1 || c === 0x25) break;
  }
  if (userEnd < end && bytes[userEnd] === 0x40) {
    if (userEnd === i) return null;
    user = text.slice(i, userEnd);
    i = userEnd + 1;
  } else {
    for (let at = userEnd; at < end; at++) if (bytes[at] === 0x40) return null;
  }
  const hostPort = hostPortIn(bytes, text, i, end);
  if (hostPort === null) return null;
  const { host, port } = hostPort;
  i = hostPort.end;
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
    const name = nameUpper ? text.slice(nameStart, nameEnd).toLowerCase() : text.slice(nameStart, nameEnd);
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
