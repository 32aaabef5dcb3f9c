import { isToken } from '#sip/message/syntax.js';
import type { RawHeader } from '#sip/message/types.js';

export interface HeaderLines {
  /** Start line, without its line end. */
  readonly startLine: string;
  /** Every header that could be read, even when `error` is set (a 400 copies some of them). */
  readonly headers: RawHeader[];
  readonly error: string | null;
}

function isLws(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/**
 * Splits a header section (CRLF or bare LF line ends) into the start line and raw headers in one pass.
 * Continuation lines beginning with SP or HTAB are unfolded into one SP (RFC 3261 §7.3.1);
 * whitespace before the colon is allowed (HCOLON); values are trimmed of SP / HTAB.
 */
export function splitHeaderLines(text: string): HeaderLines {
  const headers: RawHeader[] = [];
  let error: string | null = null;
  let startLine = '';
  let name: string | null = null;
  let value = '';
  let lineStart = 0;
  let first = true;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const next = lineEnd + 1;
    if (lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 0x0d) lineEnd--;
    if (first) {
      startLine = text.slice(lineStart, lineEnd);
      first = false;
    } else if (isLws(text.charCodeAt(lineStart))) {
      const piece = trimmed(text, lineStart, lineEnd);
      if (name === null) error ??= 'Bad header line: continuation line without a header';
      else value = value.length === 0 ? piece : piece.length === 0 ? value : `${value} ${piece}`;
    } else {
      if (name !== null) headers.push({ name, value });
      name = null;
      const colon = text.indexOf(':', lineStart);
      let nameEnd = colon === -1 || colon > lineEnd ? lineStart : colon;
      while (nameEnd > lineStart && isLws(text.charCodeAt(nameEnd - 1))) nameEnd--;
      const headerName = text.slice(lineStart, nameEnd);
      if (isToken(headerName)) {
        name = headerName;
        value = trimmed(text, colon + 1, lineEnd);
      } else {
        error ??= `Bad header line: "${text.slice(lineStart, Math.min(lineEnd, lineStart + 40))}"`;
      }
    }
    lineStart = next;
  }
  if (name !== null) headers.push({ name, value });
  return { startLine, headers, error };
}

/** `text[start, end)` without leading and trailing SP / HTAB. */
function trimmed(text: string, start: number, end: number): string {
  let s = start;
  let e = end;
  while (s < e && isLws(text.charCodeAt(s))) s++;
  while (e > s && isLws(text.charCodeAt(e - 1))) e--;
  return text.slice(s, e);
}
