import { TOKEN as TOKEN_TABLE } from '../syntax.js';
import type { AuthParams } from './auth-params.js';

// Local copies of the imported tables: V8 folds a module's own constants into optimized loops but
// reloads an imported binding on every use.
const TOKEN = TOKEN_TABLE;

const QUOTE = 0x22;
const COMMA = 0x2c;
const EQUAL = 0x3d;

function isWs(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/**
 * `auth-param *( COMMA auth-param )` from `start` to `end` in the octets of an ASCII text, as
 * `parseAuthParams` reads it (RFC 3261 §25.1, RFC 7616 §3.4), strings sliced from `text` (same
 * indices). Null when a quoted value has a quoted-pair or the list is malformed: `parseAuthParams`
 * then decides, and it gives the same value for every input accepted here.
 */
export function authParamsIn(bytes: Uint8Array, text: string, start: number, end: number): AuthParams | null {
  // Without a backslash there is no quoted-pair: a quoted value ends at the next quote (§25.1).
  if (text.indexOf('\\', start) !== -1) return null;
  const params: Array<readonly [string, string]> = [];
  let i = start;
  while (i < end && isWs(bytes[i] as number)) i++;
  while (i < end) {
    let nameEnd = i;
    let upper = false;
    for (; nameEnd < end; nameEnd++) {
      const c = bytes[nameEnd] as number;
      if (TOKEN[c] !== 1) break;
      if (c <= 0x5a && c >= 0x41) upper = true;
    }
    if (nameEnd === i) return null;
    const name = upper ? text.slice(i, nameEnd).toLowerCase() : text.slice(i, nameEnd);
    i = nameEnd;
    while (i < end && isWs(bytes[i] as number)) i++;
    if (i === end || bytes[i] !== EQUAL) return null;
    i++;
    while (i < end && isWs(bytes[i] as number)) i++;
    let value: string;
    if (i < end && bytes[i] === QUOTE) {
      const close = text.indexOf('"', i + 1);
      if (close === -1 || close >= end) return null;
      value = text.slice(i + 1, close);
      i = close + 1;
    } else {
      // A lenient unquoted value: anything up to LWS, "," or `"` (e.g. `nc=00000001`).
      let valueEnd = i;
      while (valueEnd < end) {
        const c = bytes[valueEnd] as number;
        if (isWs(c) || c === COMMA || c === QUOTE) break;
        valueEnd++;
      }
      value = text.slice(i, valueEnd);
      i = valueEnd;
    }
    params.push([name, value]);
    while (i < end && isWs(bytes[i] as number)) i++;
    if (i < end) {
      if (bytes[i] !== COMMA) return null;
      i++;
      while (i < end && isWs(bytes[i] as number)) i++;
      if (i === end) return null;
    }
  }
  return params;
}
