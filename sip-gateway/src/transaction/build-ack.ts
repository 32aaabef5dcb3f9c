import type { RawHeader, SipRequest, SipResponse } from '#sip/message/types.js';

const nameIs =
  (...names: readonly string[]) =>
  (header: RawHeader): boolean =>
    names.includes(header.name.toLowerCase());

/** The first value of a possibly comma-joined header line (commas inside quotes do not split). */
function firstValue(value: string): string {
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) return value.slice(0, i).trim();
  }
  return value;
}

/**
 * Builds the ACK the INVITE client transaction sends for a non-2xx final response
 * (RFC 3261 §17.1.1.3): Request-URI, Call-ID, From and the CSeq number of the original INVITE,
 * CSeq method ACK, To from the response, a single Via equal to the INVITE's top Via, and the
 * INVITE's Route header fields.
 */
export function buildAckForNon2xx(invite: SipRequest, response: SipResponse): SipRequest {
  const topVia = invite.headers.find(nameIs('via', 'v'));
  const maxForwards = invite.base.maxForwards ?? 70;
  const headers: RawHeader[] = [];
  if (topVia) headers.push({ name: topVia.name, value: firstValue(topVia.value) });
  headers.push(...invite.headers.filter(nameIs('route')));
  headers.push({ name: 'Max-Forwards', value: String(maxForwards) });
  headers.push(...invite.headers.filter(nameIs('from', 'f')));
  headers.push(...response.headers.filter(nameIs('to', 't')));
  headers.push(...invite.headers.filter(nameIs('call-id', 'i')));
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
