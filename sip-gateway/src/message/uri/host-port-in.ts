import { DIGITS as DIGITS_TABLE, digitsIn, HOST_CHARS as HOST_CHARS_TABLE, runEnd } from '../syntax.js';

// Local copies of the imported tables: V8 folds a module's own constants into optimized loops but
// reloads an imported binding on every use.
const HOST_CHARS = HOST_CHARS_TABLE;
const DIGITS = DIGITS_TABLE;
const COLON = 0x3a;

export interface HostPortIn {
  /** Lowercased (RFC 3261 §19.1.4: hosts compare case-insensitively). */
  readonly host: string;
  readonly port: number | null;
  /** The index just after the hostport. */
  readonly end: number;
}

/**
 * `hostport = host [":" port]` (RFC 3261 §25.1) at the start of the octets `bytes[start, end)` of an
 * ASCII text, the host sliced from `text` (same indices). Null without a host, for an IPv6 reference,
 * or for a port that is not 1 to 5 digits up to 65535.
 */
export function hostPortIn(bytes: Uint8Array, text: string, start: number, end: number): HostPortIn | null {
  let i = start;
  let upper = false;
  for (; i < end; i++) {
    const c = bytes[i] as number;
    if (HOST_CHARS[c] !== 1) break;
    if (c <= 0x5a && c >= 0x41) upper = true;
  }
  if (i === start) return null;
  const host = upper ? text.slice(start, i).toLowerCase() : text.slice(start, i);
  if (i === end || bytes[i] !== COLON) return { host, port: null, end: i };
  const digitsEnd = runEnd(DIGITS, bytes, i + 1, end);
  const port = digitsEnd - i - 1 <= 5 ? digitsIn(bytes, i + 1, digitsEnd, 65535) : -1;
  return port === -1 ? null : { host, port, end: digitsEnd };
}
