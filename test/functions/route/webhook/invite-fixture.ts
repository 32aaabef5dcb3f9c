import type { SipRequest } from '#sip/message/types.js';
import { parseMessage } from '#sip/parser/parse-message.js';

function parseInvite(lines: readonly string[]): SipRequest {
  const parsed = parseMessage(Buffer.from(`${lines.join('\r\n')}\r\n\r\n`));
  if (!parsed.ok || parsed.message.kind !== 'request') throw new Error('not a request');
  return parsed.message;
}

/** An INVITE to a SIP Domain with X- headers, UUI and headers that are not passed on. */
export const INVITE = parseInvite([
  'INVITE sip:+14155550100@acme.sip.example.com;user=phone SIP/2.0',
  'Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-1',
  'Max-Forwards: 70',
  'From: "Alice" <sip:alice@acme.sip.example.com;transport=udp>;tag=f1',
  'To: <sip:+14155550100@acme.sip.example.com>',
  'Call-ID: a84b4c76e66710@198.51.100.7',
  'CSeq: 1 INVITE',
  'Contact: <sip:alice@198.51.100.7:5060>',
  'X-Route-Id: route-7',
  'User-to-User: 123456789;encoding=hex',
  'Subject: lunch',
  'P-Asserted-Identity: <sip:alice@acme.sip.example.com>',
  'x-lower-case: kept as written',
  'Content-Length: 0',
]);
