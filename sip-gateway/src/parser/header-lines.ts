import { coreHeaderName } from '#sip/message/header-names.js';
import { TOKEN } from '#sip/message/syntax.js';
import type { RawHeader } from '#sip/message/types.js';

export interface HeaderLines {
  /** Start line, without its line end. */
  readonly startLine: string;
  /** Every header that could be read, even when `error` is set (a 400 copies some of them). */
  readonly headers: RawHeader[];
  /**
   * Index for index, the key of each header that `coreHeaderName` knows (Via, From, To, Call-ID, CSeq,
   * Max-Forwards, Content-Length) and "" for any other header.
   */
  readonly keys: string[];
  readonly error: string | null;
  /** Index just past the empty line that ends the header section, or `text.length` when there is none. */
  readonly bodyStart: number;
}

function isLws(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/**
 * Splits a header section (CRLF or bare LF line ends) into the start line and raw headers in one pass,
 * from `start` up to the first empty line (RFC 3261 §7) or the end of `text`. Continuation lines
 * beginning with SP or HTAB are unfolded into one SP (RFC 3261 §7.3.1); whitespace before the colon
 * is allowed (HCOLON); values are trimmed of SP / HTAB.
 */
export function splitHeaderLines(text: string, start = 0): HeaderLines {
  const headers: RawHeader[] = [];
  const keys: string[] = [];
  let error: string | null = null;
  let name: string | null = null;
  let key = '';
  let value = '';
  let lineEnd = lineEndOf(text, start);
  const startLine = text.slice(start, trimCr(text, start, lineEnd));
  let bodyStart = text.length;
  let lineStart = lineEnd + 1;
  while (lineStart < text.length) {
    lineEnd = lineEndOf(text, lineStart);
    const contentEnd = trimCr(text, lineStart, lineEnd);
    if (contentEnd === lineStart && lineEnd < text.length) {
      bodyStart = lineEnd + 1;
      break;
    }
    if (isLws(text.charCodeAt(lineStart))) {
      const piece = trimmed(text, lineStart, contentEnd);
      if (name === null) error ??= 'Bad header line: continuation line without a header';
      else value = value.length === 0 ? piece : piece.length === 0 ? value : `${value} ${piece}`;
    } else {
      if (name !== null) {
        headers.push({ name, value });
        keys.push(key);
      }
      name = null;
      const colon = text.indexOf(':', lineStart);
      let nameEnd = colon === -1 || colon > contentEnd ? lineStart : colon;
      while (nameEnd > lineStart && isLws(text.charCodeAt(nameEnd - 1))) nameEnd--;
      const core = nameEnd > lineStart ? coreHeaderName(text, lineStart, nameEnd) : null;
      if (core !== null) {
        name = core.name ?? text.slice(lineStart, nameEnd);
        key = core.key;
        value = trimmed(text, colon + 1, contentEnd);
      } else if (isTokenIn(text, lineStart, nameEnd)) {
        name = text.slice(lineStart, nameEnd);
        key = '';
        value = trimmed(text, colon + 1, contentEnd);
      } else {
        error ??= `Bad header line: "${text.slice(lineStart, Math.min(contentEnd, lineStart + 40))}"`;
      }
    }
    lineStart = lineEnd + 1;
  }
  if (name !== null) {
    headers.push({ name, value });
    keys.push(key);
  }
  return { startLine, headers, keys, error, bodyStart };
}

/** `text[start, end)` without leading and trailing SP / HTAB. */
function trimmed(text: string, start: number, end: number): string {
  let s = start;
  let e = end;
  while (s < e && isLws(text.charCodeAt(s))) s++;
  while (e > s && isLws(text.charCodeAt(e - 1))) e--;
  return text.slice(s, e);
}

/** Index of the LF ending the line at `i`, or `text.length`. */
function lineEndOf(text: string, i: number): number {
  const lf = text.indexOf('\n', i);
  return lf === -1 ? text.length : lf;
}

/** `end` moved before a CR that ends the line (not before `start`). */
function trimCr(text: string, start: number, end: number): number {
  return end > start && text.charCodeAt(end - 1) === 0x0d ? end - 1 : end;
}

function isTokenIn(text: string, start: number, end: number): boolean {
  if (start === end) return false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || TOKEN[c] !== 1) return false;
  }
  return true;
}
