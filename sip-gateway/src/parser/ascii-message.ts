import { coreHeaderNameAt, writtenHeaderNameAt } from '#sip/message/header-names.js';
import { parseContentLength } from '#sip/message/headers/content-length.js';
import { parseCSeq } from '#sip/message/headers/cseq.js';
import { parseMaxForwards } from '#sip/message/headers/max-forwards.js';
import { parseFromTo } from '#sip/message/headers/name-addr.js';
import { parseViaList } from '#sip/message/headers/via.js';
import { digitsIn, runEnd, TOKEN as TOKEN_TABLE } from '#sip/message/syntax.js';
import type { CSeq, FromTo, RawHeader, SipMessage, Via } from '#sip/message/types.js';
import { sipUriIn } from '#sip/message/uri/sip-uri-in.js';
import { cseqIn, fromToIn, viaIn } from './byte-values.js';
import { parseStartLine, type StartLine } from './start-line.js';

// Local copies of the imported tables: V8 folds a module's own constants into optimized loops but
// reloads an imported binding on every use.
const TOKEN = TOKEN_TABLE;

const EMPTY = new Uint8Array(0);
const LF = 0x0a;
const CR = 0x0d;

/**
 * The fast path of `parseMessage` for an ASCII datagram that parses without any error: one pass over
 * the octets of the header section, with the mandatory headers parsed from their octet ranges
 * (`text` is the decoded datagram, same indices). Returns null for anything else, folded lines and
 * every error included; `parseMessage` then takes its general path, which decides and explains.
 * For every message accepted here the result equals the general path's.
 */
export function parseAsciiMessage(bytes: Uint8Array, text: string, start: number): SipMessage | null {
  const length = bytes.length;
  let lineEnd = text.indexOf('\n', start);
  if (lineEnd === -1) lineEnd = length;
  const line = startLineIn(
    bytes,
    text,
    start,
    lineEnd > start && bytes[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd,
  );
  if (line === null) return null;
  const headers: RawHeader[] = [];
  const vias: Via[] = [];
  let from: FromTo | null = null;
  let to: FromTo | null = null;
  let callId: string | null = null;
  let cseq: CSeq | null = null;
  let maxForwards: number | null = null;
  let contentLength = -1;
  let bodyStart = length;
  let i = lineEnd + 1;
  while (i < length) {
    const lineStart = i;
    const first = bytes[i];
    if (first === LF || (first === CR && bytes[i + 1] === LF)) {
      bodyStart = first === LF ? i + 1 : i + 2;
      break;
    }
    // Header name: a token, optional LWS, ":" (RFC 3261 §7.3.1 HCOLON). A name that the header table
    // matches is a token; any other is checked octet by octet (a colon on a later line fails here).
    const colon = text.indexOf(':', i);
    if (colon === -1) return null;
    let nameEnd = colon;
    while (nameEnd > lineStart && (bytes[nameEnd - 1] === 0x20 || bytes[nameEnd - 1] === 0x09)) nameEnd--;
    if (nameEnd === lineStart) return null;
    const core = coreHeaderNameAt(bytes, lineStart, nameEnd);
    let name = core === null ? writtenHeaderNameAt(bytes, lineStart, nameEnd) : core.name;
    if (name === null) {
      if (core === null && runEnd(TOKEN, bytes, lineStart, nameEnd) !== nameEnd) return null;
      name = text.slice(lineStart, nameEnd);
    }
    i = colon + 1;
    while (bytes[i] === 0x20 || bytes[i] === 0x09) i++;
    const valueStart = i;
    i = text.indexOf('\n', i);
    if (i === -1) i = length;
    // A line that continues on the next one (§7.3.1 folding) is left to the general path.
    if (i + 1 < length && (bytes[i + 1] === 0x20 || bytes[i + 1] === 0x09)) return null;
    let valueEnd = i > valueStart && bytes[i - 1] === CR ? i - 1 : i;
    while (valueEnd > valueStart && (bytes[valueEnd - 1] === 0x20 || bytes[valueEnd - 1] === 0x09))
      valueEnd--;
    i++;
    const value = text.slice(valueStart, valueEnd);
    headers.push({ name, value });
    if (core === null) continue;
    const key = core.key;
    if (key === 'via') {
      const via = viaIn(bytes, text, valueStart, valueEnd);
      if (via !== null) vias.push(via);
      else {
        const parsed = parseViaList(value);
        if (!parsed.ok) return null;
        for (let v = 0; v < parsed.value.length; v++) vias.push(parsed.value[v] as Via);
      }
    } else if (key === 'from' || key === 'to') {
      if ((key === 'from' ? from : to) !== null) return null;
      let parsed = fromToIn(bytes, text, valueStart, valueEnd);
      if (parsed === null) {
        const slow = parseFromTo(value);
        if (!slow.ok) return null;
        parsed = slow.value;
      }
      if (key === 'from') from = parsed;
      else to = parsed;
    } else if (key === 'call-id') {
      // callid = word [ "@" word ] (§25.1): non-empty, no whitespace.
      if (callId !== null || valueStart === valueEnd) return null;
      for (let k = valueStart; k < valueEnd; k++) {
        const c = bytes[k] as number;
        if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) return null;
      }
      callId = value;
    } else if (key === 'cseq') {
      if (cseq !== null) return null;
      cseq = cseqIn(bytes, text, valueStart, valueEnd);
      if (cseq === null) {
        const slow = parseCSeq(value);
        if (!slow.ok) return null;
        cseq = slow.value;
      }
    } else if (key === 'max-forwards') {
      if (maxForwards !== null) return null;
      maxForwards = numberIn(bytes, valueStart, valueEnd, 255, value, parseMaxForwards);
      if (maxForwards === null) return null;
    } else if (key === 'content-length') {
      const parsed = numberIn(bytes, valueStart, valueEnd, 0x7fff_ffff, value, parseContentLength);
      if (parsed === null || (contentLength !== -1 && contentLength !== parsed)) return null;
      contentLength = parsed;
    }
  }
  const [topVia] = vias;
  if (topVia === undefined || from === null || to === null || callId === null || cseq === null) return null;
  if (line.kind === 'request' && cseq.method !== line.method) return null;
  const available = length - bodyStart;
  if (contentLength > available) return null;
  const bodyLength = contentLength === -1 ? available : contentLength;
  const body =
    bodyLength === 0 ? EMPTY : new Uint8Array(bytes.buffer, bytes.byteOffset + bodyStart, bodyLength);
  const base = { via: vias as [Via, ...Via[]], from, to, callId, cseq, maxForwards };
  return line.kind === 'request'
    ? { kind: 'request', method: line.method, uri: line.uri, version: line.version, headers, base, body }
    : {
        kind: 'response',
        status: line.status,
        reason: line.reason,
        version: line.version,
        headers,
        base,
        body,
      };
}

/** A decimal header value: digits read in place, anything else through the header's string parser. */
function numberIn(
  bytes: Uint8Array,
  start: number,
  end: number,
  max: number,
  value: string,
  parse: (value: string) => { readonly ok: true; readonly value: number } | { readonly ok: false },
): number | null {
  const fast = end - start <= 16 ? digitsIn(bytes, start, end, max) : -1;
  if (fast !== -1) return fast;
  const parsed = parse(value);
  return parsed.ok ? parsed.value : null;
}

/**
 * `METHOD sip-uri SIP/2.0` or `SIP/2.0 code reason` in `bytes[start, end)`; other start lines go
 * through `parseStartLine`. Null when the line is malformed.
 */
function startLineIn(bytes: Uint8Array, text: string, start: number, end: number): StartLine | null {
  const versionAt = end - 8;
  if (versionAt > start && text.startsWith(' SIP/2.0', versionAt)) {
    let sp = start;
    while (sp < versionAt && TOKEN[bytes[sp] as number] === 1) sp++;
    if (sp > start && bytes[sp] === 0x20) {
      const uri = sipUriIn(bytes, text, sp + 1, versionAt);
      if (uri !== null) return { kind: 'request', method: text.slice(start, sp), uri, version: 'SIP/2.0' };
    }
  } else if (end - start >= 11 && text.startsWith('SIP/2.0 ', start)) {
    const hundreds = (bytes[start + 8] as number) - 0x30;
    const status = digitsIn(bytes, start + 8, start + 11, 699);
    if (hundreds >= 1 && status !== -1 && (end === start + 11 || bytes[start + 11] === 0x20)) {
      return { kind: 'response', status, reason: text.slice(start + 12, end), version: 'SIP/2.0' };
    }
  }
  const parsed = parseStartLine(text.slice(start, end));
  return parsed.ok ? parsed.value : null;
}
