import { NO_PARAMS } from '../header-params.js';
import { GEN_VALUE_CHARS as GEN_VALUE_CHARS_TABLE, runEnd, TOKEN as TOKEN_TABLE } from '../syntax.js';
import type { Params } from '../types.js';

// Local copies of the imported tables: V8 folds a module's own constants into optimized loops but
// reloads an imported binding on every use.
const TOKEN = TOKEN_TABLE;
const GEN_VALUE_CHARS = GEN_VALUE_CHARS_TABLE;

const SEMI = 0x3b;
const EQUAL = 0x3d;
const QUOTE = 0x22;

/**
 * `*( SEMI generic-param )` filling the octets `bytes[i, end)` exactly (RFC 3261 §25.1), without LWS
 * or quoted-pairs; quoted-string values keep their quotes, as in `parseHeaderParams`. Null for
 * anything else (the string parser then decides).
 */
export function headerParamsIn(bytes: Uint8Array, text: string, i: number, end: number): Params | null {
  if (i === end) return NO_PARAMS;
  if (bytes[i] !== SEMI) return null;
  const params: Array<readonly [string, string | null]> = [];
  let j = i;
  while (j < end) {
    if (bytes[j] !== SEMI) return null;
    const nameStart = j + 1;
    let nameEnd = nameStart;
    let upper = false;
    for (; nameEnd < end; nameEnd++) {
      const c = bytes[nameEnd] as number;
      if (TOKEN[c] !== 1) break;
      if (c <= 0x5a && c >= 0x41) upper = true;
    }
    if (nameEnd === nameStart) return null;
    const name = upper ? text.slice(nameStart, nameEnd).toLowerCase() : text.slice(nameStart, nameEnd);
    if (nameEnd === end || bytes[nameEnd] !== EQUAL) {
      params.push([name, null]);
      j = nameEnd;
      continue;
    }
    let valueEnd: number;
    if (bytes[nameEnd + 1] === QUOTE && nameEnd + 1 < end) {
      // quoted-string without quoted-pairs: up to the next quote, no backslash before it.
      const close = text.indexOf('"', nameEnd + 2);
      if (close === -1 || close >= end) return null;
      const backslash = text.indexOf('\\', nameEnd + 2);
      if (backslash !== -1 && backslash < close) return null;
      valueEnd = close + 1;
    } else {
      valueEnd = runEnd(GEN_VALUE_CHARS, bytes, nameEnd + 1, end);
      if (valueEnd === nameEnd + 1) return null;
    }
    params.push([name, text.slice(nameEnd + 1, valueEnd)]);
    j = valueEnd;
  }
  return params;
}
