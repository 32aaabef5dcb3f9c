import { isAscii } from 'node:buffer';
import { extractBaseHeaders } from '#sip/message/base-headers.js';
import { parseContentLength } from '#sip/message/headers/content-length.js';
import type { RawHeader, SipMessage } from '#sip/message/types.js';
import { parseAsciiMessage } from './ascii-message.js';
import { type HeaderLines, splitHeaderLines } from './header-lines.js';
import { parseStartLine } from './start-line.js';

export interface ParseError {
  /** What the start line says the message is; `unknown` when it is neither. */
  readonly kind: 'request' | 'response' | 'unknown';
  /** Names the fault, e.g. "Missing Call-ID header"; usable as a 400 Reason-Phrase once sanitized. */
  readonly reason: string;
  /** The request method when the start line could be read (no response is ever sent to ACK). */
  readonly method: string | null;
  /** Every header line that could be read, in order (a 400 copies Via, From, To, Call-ID, CSeq). */
  readonly headers: readonly RawHeader[];
}

export type ParseResult =
  | { readonly ok: true; readonly message: SipMessage }
  | { readonly ok: false; readonly error: ParseError };

const utf8 = new TextDecoder('utf-8');
const EMPTY = new Uint8Array(0);

/**
 * Parses one SIP message from one datagram (RFC 3261 §7, §18.3). Leading CRLFs are skipped (§7.5),
 * bare LF line ends are accepted, and a header section that runs to the end of the datagram without
 * an empty line is accepted with an empty body. When Content-Length is present it must not exceed
 * the octets that follow the header section and octets beyond it are ignored; when absent, the body
 * is the rest of the datagram (§18.3). Never throws.
 */
export function parseMessage(bytes: Uint8Array): ParseResult {
  let start = 0;
  while (start < bytes.length && (bytes[start] === 0x0d || bytes[start] === 0x0a)) start++;
  if (start === bytes.length) return failure('unknown', 'Empty message', null, []);
  let lines: HeaderLines;
  let bodyStart: number;
  if (isAscii(bytes)) {
    // One character per octet: split the decoded datagram in place, the body offset is the same.
    const text = utf8.decode(bytes);
    const message = parseAsciiMessage(bytes, text, start);
    if (message !== null) return { ok: true, message };
    lines = splitHeaderLines(text, start);
    bodyStart = lines.bodyStart;
  } else {
    const end = findHeaderEnd(bytes, start);
    lines = splitHeaderLines(utf8.decode(bytes.subarray(start, end.headerEnd)));
    bodyStart = end.bodyStart;
  }
  const { headers, keys } = lines;
  const startLine = parseStartLine(lines.startLine);
  if (!startLine.ok)
    return failure(startLine.error.kind, startLine.error.reason, startLine.error.method, headers);
  const line = startLine.value;
  const method = line.kind === 'request' ? line.method : null;
  if (lines.error !== null) return failure(line.kind, lines.error, method, headers);

  const base = extractBaseHeaders(headers, method, keys);
  if (!base.ok) return failure(line.kind, base.error, method, headers);

  const available = bytes.length - bodyStart;
  const length = contentLength(headers, keys);
  if (typeof length === 'string') return failure(line.kind, length, method, headers);
  if (length !== null && length > available) {
    return failure(
      line.kind,
      `Content-Length ${length} exceeds body of ${available} octets`,
      method,
      headers,
    );
  }
  const bodyLength = length ?? available;
  const body =
    bodyLength === 0 ? EMPTY : new Uint8Array(bytes.buffer, bytes.byteOffset + bodyStart, bodyLength);
  const message: SipMessage =
    line.kind === 'request'
      ? {
          kind: 'request',
          method: line.method,
          uri: line.uri,
          version: line.version,
          headers,
          base: base.value,
          body,
        }
      : {
          kind: 'response',
          status: line.status,
          reason: line.reason,
          version: line.version,
          headers,
          base: base.value,
          body,
        };
  return { ok: true, message };
}

/** End of the header section (excluding its last line end) and start of the body. */
function findHeaderEnd(bytes: Uint8Array, start: number): { headerEnd: number; bodyStart: number } {
  let lf = bytes.indexOf(0x0a, start);
  while (lf !== -1) {
    const next = bytes[lf + 1];
    if (next === 0x0a) return { headerEnd: lf, bodyStart: lf + 2 };
    if (next === 0x0d && bytes[lf + 2] === 0x0a) return { headerEnd: lf, bodyStart: lf + 3 };
    lf = bytes.indexOf(0x0a, lf + 1);
  }
  // No empty line: the datagram holds only a header section (RFC 5118 §4.10 as published).
  const end = bytes[bytes.length - 1] === 0x0a ? bytes.length - 1 : bytes.length;
  return { headerEnd: end, bodyStart: bytes.length };
}

/** The Content-Length value, null when absent, or an error reason (RFC 4475 ncl and mcl01 cases). */
function contentLength(headers: readonly RawHeader[], keys: readonly string[]): number | null | string {
  let length: number | null = null;
  for (let k = 0; k < headers.length; k++) {
    if (keys[k] !== 'content-length') continue;
    const parsed = parseContentLength((headers[k] as RawHeader).value);
    if (!parsed.ok) return `Bad Content-Length header: ${parsed.error}`;
    if (length !== null && length !== parsed.value)
      return `Conflicting Content-Length headers: ${length} and ${parsed.value}`;
    length = parsed.value;
  }
  return length;
}

function failure(
  kind: ParseError['kind'],
  reason: string,
  method: string | null,
  headers: readonly RawHeader[],
): ParseResult {
  return { ok: false, error: { kind, reason, method, headers } };
}
