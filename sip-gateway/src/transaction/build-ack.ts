import { headerKey, splitList } from '#sip/message/index.js';
import type { RawHeader, SipRequest, SipResponse } from '#sip/message/types.js';

const nameIs =
  (key: string) =>
  (header: RawHeader): boolean =>
    headerKey(header.name) === key;

/**
 * Builds the ACK the INVITE client transaction sends for a non-2xx final response
 * (RFC 3261 §17.1.1.3): Request-URI, Call-ID, From and the CSeq number of the original INVITE,
 * CSeq method ACK, To from the response, a single Via equal to the INVITE's top Via, and the
 * INVITE's Route header fields.
 */
export function buildAckForNon2xx(invite: SipRequest, response: SipResponse): SipRequest {
  const topVia = invite.headers.find(nameIs('via'));
  const maxForwards = invite.base.maxForwards ?? 70;
  const headers: RawHeader[] = [];
  if (topVia) headers.push({ name: topVia.name, value: splitList(topVia.value)[0] ?? topVia.value });
  headers.push(...invite.headers.filter(nameIs('route')));
  headers.push({ name: 'Max-Forwards', value: String(maxForwards) });
  headers.push(...invite.headers.filter(nameIs('from')));
  headers.push(...response.headers.filter(nameIs('to')));
  headers.push(...invite.headers.filter(nameIs('call-id')));
  headers.push({ name: 'CSeq', value: `${invite.base.cseq.seq} ACK` });
  headers.push({ name: 'Content-Length', value: '0' });
  return {
    kind: 'request',
    method: 'ACK',
    uri: invite.uri,
    version: invite.version,
    headers,
    base: {
      via: [invite.base.via[0]],
      from: invite.base.from,
      to: response.base.to,
      callId: invite.base.callId,
      cseq: { seq: invite.base.cseq.seq, method: 'ACK' },
      maxForwards,
    },
    body: new Uint8Array(0),
  };
}
