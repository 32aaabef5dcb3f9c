/**
 * Character classes and scanners for the RFC 3261 §25.1 grammar. Scanners take a string and a
 * start index and return the index where the construct ends, or -1 when it is malformed.
 */

function charTable(extra: string, alphanumeric = true): Uint8Array {
  const table = new Uint8Array(128);
  if (alphanumeric) {
    for (let c = 0x30; c <= 0x39; c++) table[c] = 1;
    for (let c = 0x41; c <= 0x5a; c++) table[c] = 1;
    for (let c = 0x61; c <= 0x7a; c++) table[c] = 1;
  }
  for (let i = 0; i < extra.length; i++) table[extra.charCodeAt(i)] = 1;
  return table;
}

/** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") (§25.1). */
export const TOKEN = charTable("-.!%*_+`'~");
/** unreserved = alphanum / mark (§25.1). */
const MARK = "-_.!~*'()";
/** user = 1*( unreserved / escaped / user-unreserved ) (§25.1). */
export const USER_CHARS = charTable(`${MARK}&=+$,;?/%`);
/** password = *( unreserved / escaped / "&" / "=" / "+" / "$" / "," ) (§25.1). */
export const PASSWORD_CHARS = charTable(`${MARK}&=+$,%`);
/** paramchar = param-unreserved / unreserved / escaped (§25.1). */
export const PARAM_CHARS = charTable(`${MARK}[]/:&+$%`);
/** hname / hvalue = 1*( hnv-unreserved / unreserved / escaped ) (§25.1). */
export const HEADER_CHARS = charTable(`${MARK}[]/?:+$%`);
/** Host names, IPv4 addresses and IPv6 references (§25.1 host); "_" tolerated as seen in practice. */
export const HOST_CHARS = charTable('-._');
/** Generic-param values: token / host / quoted-string (§25.1 gen-value). */
export const GEN_VALUE_CHARS = charTable("-.!%*_+`'~:[]");
/** DIGIT (RFC 5234 §B.1). */
export const DIGITS = charTable('0123456789', false);
/** scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) (RFC 3986 §3.1). */
export const SCHEME_CHARS = charTable('+-.');

export function inTable(table: Uint8Array, code: number): boolean {
  return code < 128 && table[code] === 1;
}

/** True when `text` is non-empty and made only of characters in `table`. */
export function allIn(table: Uint8Array, text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    if (!inTable(table, text.charCodeAt(i))) return false;
  }
  return true;
}

export function isToken(text: string): boolean {
  return allIn(TOKEN, text);
}

/** Skips SP and HTAB (LWS after unfolding). */
export function skipWs(s: string, i: number): number {
  let j = i;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (c !== 0x20 && c !== 0x09) break;
    j++;
  }
  return j;
}

/**
 * End of a run of token characters starting at `i` (== i when there is none), as a negative number
 * (`~end`) when the run has an upper-case letter: callers lower-case names in the same pass.
 */
export function scanTokenCase(s: string, i: number): number {
  let j = i;
  let upper = false;
  for (; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c >= 128 || TOKEN[c] !== 1) break;
    if (c <= 0x5a && c >= 0x41) upper = true;
  }
  return upper ? ~j : j;
}

/** End of a run of characters from `table` starting at `i` (== i when there is none). */
export function scanRun(table: Uint8Array, s: string, i: number): number {
  let j = i;
  while (j < s.length && inTable(table, s.charCodeAt(j))) j++;
  return j;
}

/**
 * End of a quoted-string starting at the opening quote `i`, or -1 if unterminated (§25.1). A quote ends
 * the string unless an odd run of backslashes precedes it (it is then a quoted-pair).
 */
export function scanQuoted(s: string, i: number): number {
  let quote = s.indexOf('"', i + 1);
  while (quote !== -1) {
    let k = quote - 1;
    while (s.charCodeAt(k) === 0x5c) k--;
    if ((quote - 1 - k) % 2 === 0) return quote + 1;
    quote = s.indexOf('"', quote + 1);
  }
  return -1;
}

/** Content of a quoted-string with its quoted-pairs resolved: `"a\"b"` → `a"b`. */
export function unquote(quoted: string): string {
  return unquoteIn(quoted, 0, quoted.length);
}

/** `unquote` of the quoted-string `s[start, end)`, without copying it first. */
export function unquoteIn(s: string, start: number, end: number): string {
  const inner = s.slice(start + 1, end - 1);
  return inner.includes('\\') ? inner.replace(/\\([\s\S])/g, '$1') : inner;
}

/** `text` equals `lower` (all lower-case) ignoring ASCII case, without allocating. */
export function equalsLowerCase(text: string, lower: string): boolean {
  if (text.length !== lower.length) return false;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) c |= 0x20;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/** True for the ASCII control octets 0x00-0x1F and 0x7F (not SP, not non-ASCII). */
export function isControl(code: number): boolean {
  return code < 0x20 || code === 0x7f;
}

/** Serializes `text` as a quoted-string, escaping `"`, `\` and control octets (§25.1 quoted-pair). */
export function quote(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // CR and LF cannot be quoted (quoted-pair excludes them), so they become SP.
    if (code === 0x0d || code === 0x0a) out += ' ';
    else if (code === 0x22 || code === 0x5c || (isControl(code) && code !== 0x09)) out += `\\${text[i]}`;
    else out += text[i];
  }
  return `${out}"`;
}

/** Parses 1*DIGIT (leading zeros allowed) up to `max`; null when not digits or larger than `max`. */
export function parseBoundedInt(text: string, max: number): number | null {
  if (text.length === 0) return null;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return null;
    value = value * 10 + c;
    if (value > max) return null;
  }
  return value;
}

export const MAX_UINT32 = 0xffff_ffff;

/** `text` lower-cased, without a copy when it has no upper-case or non-ASCII character. */
export function lowerAscii(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x41 && c <= 0x5a) || c >= 0x80) return text.toLowerCase();
  }
  return text;
}

/** `text` upper-cased, without a copy when it has no lower-case or non-ASCII character. */
export function upperAscii(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || c >= 0x80) return text.toUpperCase();
  }
  return text;
}

/** Removes leading and trailing SP / HTAB only (String.trim would also strip U+FEFF, NBSP, …). */
export function trimLws(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text.charCodeAt(start) === 0x20 || text.charCodeAt(start) === 0x09)) start++;
  while (end > start && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x09)) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/**
 * End of the run of `table` octets in `bytes[i, end)` (== i when there is none): the octet form of
 * `scanRun`. Octets from 0x80 up are outside every table.
 */
export function runEnd(table: Uint8Array, bytes: Uint8Array, i: number, end: number): number {
  let j = i;
  while (j < end && table[bytes[j] as number] === 1) j++;
  return j;
}

/** 1*DIGIT in `bytes[start, end)` up to `max`, or -1: the octet form of `parseBoundedInt`. */
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
