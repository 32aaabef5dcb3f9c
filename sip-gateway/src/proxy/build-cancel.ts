import { formatVia, headerKey } from '../message/index.js';
import type { RawHeader, SipRequest } from '../message/types.js';

/** RFC 3326 §2 / RFC 3261 §16.7 step 10: why the other branches of an answered call are cancelled. */
export const COMPLETED_ELSEWHERE = 'SIP;cause=200;text="Call completed elsewhere"';

const COPIED = new Set(['from', 'to', 'call-id', 'route']);

/**
 * The CANCEL of a forwarded INVITE, RFC 3261 §9.1: "The Request-URI, Call-ID, To, the numeric part of
 * CSeq, and From header fields in the CANCEL request MUST be identical to those in the request being
 * cancelled, including tags", it "MUST have only a single Via header field value matching the top
 * Via value in the request being cancelled", and "If the request being cancelled contains a Route
 * header field, the CANCEL request MUST include that Route header field's values". `reason` is a
 * Reason header value (RFC 3326), e.g. {@link COMPLETED_ELSEWHERE}.
 */
export function buildCancel(invite: SipRequest, reason: string | null): SipRequest {
  const via = invite.base.via[0];
  const headers: RawHeader[] = [{ name: 'Via', value: formatVia(via) }];
  headers.push(...invite.headers.filter((h) => COPIED.has(headerKey(h.name))));
  headers.push({ name: 'CSeq', value: `${invite.base.cseq.seq} CANCEL` });
  headers.push({ name: 'Max-Forwards', value: '70' });
  if (reason !== null) headers.push({ name: 'Reason', value: reason });
  return {
    kind: 'request',
    method: 'CANCEL',
    uri: invite.uri,
    version: invite.version,
    headers,
    base: {
      ...invite.base,
      via: [via],
      cseq: { seq: invite.base.cseq.seq, method: 'CANCEL' },
      maxForwards: 70,
    },
    body: new Uint8Array(0),
  };
}
