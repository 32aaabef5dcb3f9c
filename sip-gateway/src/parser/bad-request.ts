import { headerKey } from '#sip/message/header-names.js';
import { parseFromTo } from '#sip/message/headers/name-addr.js';
import { isControl } from '#sip/message/syntax.js';
import type { RawHeader } from '#sip/message/types.js';
import type { ParseError } from './parse-message.js';

const COPIED = new Set(['via', 'from', 'to', 'call-id', 'cseq']);
const MAX_REASON_CHARS = 200;
const encoder = new TextEncoder();

/**
 * The serialized `400 <reason>` answer to a request that failed to parse (RFC 3261 §8.2.6.2: Via, From,
 * To, Call-ID and CSeq copied; a To tag added). Returns null when no response may or can be sent:
 * responses are dropped (§18.1.2), ACK is never answered (§17.2.1), and without Via and CSeq the
 * client transaction cannot match the answer (§17.1.3). Missing From/To/Call-ID are left out.
 */
export function buildBadRequest(error: ParseError): Uint8Array | null {
  if (error.kind !== 'request' || error.method === 'ACK') return null;
  const copied = error.headers.filter((h) => COPIED.has(headerKey(h.name)));
  const keys = copied.map((h) => headerKey(h.name));
  if (!keys.includes('via') || !keys.includes('cseq')) return null;
  const cseq = copied[keys.indexOf('cseq')]?.value ?? '';
  if (/\sACK$/.test(cseq.trim())) return null;
  let out = `SIP/2.0 400 ${reasonPhrase(error.reason)}\r\n`;
  for (const header of copied) out += `${header.name}: ${withToTag(header, copied)}\r\n`;
  out += 'Content-Length: 0\r\n\r\n';
  return encoder.encode(out);
}

/** Reason-Phrase = *(reserved / unreserved / escaped / UTF8-NONASCII / UTF8-CONT / SP / HTAB) (§25.1). */
function reasonPhrase(reason: string): string {
  let clean = '';
  for (const ch of reason) clean += isControl(ch.charCodeAt(0)) && ch !== '\t' ? '?' : ch;
  return clean.length > MAX_REASON_CHARS ? `${clean.slice(0, MAX_REASON_CHARS - 3)}...` : clean;
}

/**
 * Adds a To tag when the To header parses and has none (§8.2.6.2). The tag is derived from the request
 * (Call-ID, From, top Via) so a retransmitted request gets the same answer.
 */
function withToTag(header: RawHeader, copied: readonly RawHeader[]): string {
  if (headerKey(header.name) !== 'to') return header.value;
  const to = parseFromTo(header.value);
  if (!to.ok || to.value.tag !== null) return header.value;
  const seed = copied.map((h) => h.value).join('\n');
  return `${header.value};tag=${stableTag(seed)}`;
}

/** FNV-1a 32-bit hash as 8 hex digits. */
function stableTag(seed: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    hash ^= seed.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
