import type { SipRequest, SipResponse } from '#sip/message/types.js';
import { parseMessage } from '#sip/parser/index.js';

/** Parses a request written as header lines (CRLFs added, Content-Length appended). */
export function request(startLine: string, ...headers: string[]): SipRequest {
  const parsed = parseMessage(Buffer.from([startLine, ...headers, 'Content-Length: 0', '', ''].join('\r\n')));
  if (!parsed.ok || parsed.message.kind !== 'request') throw new Error('bad request fixture');
  return parsed.message;
}

export function response(status: number, ...headers: string[]): SipResponse {
  const parsed = parseMessage(
    Buffer.from([`SIP/2.0 ${status} Reason`, ...headers, 'Content-Length: 0', '', ''].join('\r\n')),
  );
  if (!parsed.ok || parsed.message.kind !== 'response') throw new Error('bad response fixture');
  return parsed.message;
}

/** An INVITE from a caller at 192.0.2.1 to acme. */
export function invite(...extra: string[]): SipRequest {
  return request(
    'INVITE sip:bob@acme.sip.localhost SIP/2.0',
    'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKcaller;rport',
    'Max-Forwards: 70',
    'From: "Alice" <sip:alice@example.org>;tag=a1',
    'To: <sip:bob@acme.sip.localhost>',
    'Call-ID: call-1',
    'CSeq: 1 INVITE',
    'Contact: <sip:alice@192.0.2.1:5060>',
    ...extra,
  );
}

/** A final response to `invite` from a callee, as it arrives at the gateway (its Via on top). */
export function branchResponse(status: number, ...extra: string[]): SipResponse {
  return response(
    status,
    'Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKgw.0',
    'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKcaller;rport',
    'From: "Alice" <sip:alice@example.org>;tag=a1',
    `To: <sip:bob@acme.sip.localhost>;tag=t${status}`,
    'Call-ID: call-1',
    'CSeq: 1 INVITE',
    ...extra,
  );
}
