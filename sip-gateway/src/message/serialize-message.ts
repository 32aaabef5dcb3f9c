import { headerKey } from './header-names.js';
import type { SipMessage } from './types.js';
import { formatUri } from './uri/format-uri.js';

const encoder = new TextEncoder();

/** The start line: `METHOD uri SIP/2.0` or `SIP/2.0 200 OK` (RFC 3261 §7.1, §7.2). */
export function formatStartLine(msg: SipMessage): string {
  return msg.kind === 'request'
    ? `${msg.method} ${formatUri(msg.uri)} ${msg.version}`
    : `${msg.version} ${msg.status} ${msg.reason}`;
}

/**
 * Serializes a message with CRLF line ends (RFC 3261 §7). Headers keep their names and order; the
 * first Content-Length is rewritten in place to the body length (others are dropped), or one is added
 * at the end, so the output always frames correctly on streams (§18.3).
 */
export function serializeMessage(msg: SipMessage): Uint8Array {
  let head = `${formatStartLine(msg)}\r\n`;
  let wroteLength = false;
  for (const header of msg.headers) {
    if (headerKey(header.name) === 'content-length') {
      if (!wroteLength) head += `${header.name}: ${msg.body.length}\r\n`;
      wroteLength = true;
    } else {
      head += `${header.name}: ${header.value}\r\n`;
    }
  }
  if (!wroteLength) head += `Content-Length: ${msg.body.length}\r\n`;
  head += '\r\n';
  const headBytes = encoder.encode(head);
  if (msg.body.length === 0) return headBytes;
  const out = new Uint8Array(headBytes.length + msg.body.length);
  out.set(headBytes, 0);
  out.set(msg.body, headBytes.length);
  return out;
}
