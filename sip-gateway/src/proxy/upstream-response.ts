import { withHeaderValues } from '../message/header-lines.js';
import { getHeaderValue, withoutTopVia } from '../message/index.js';
import type { SipRequest, SipResponse } from '../message/types.js';
import { withRecordRouteOffset } from './cseq-offset.js';

/**
 * A branch response made ready for the caller, RFC 3261 §16.7 step 3: "The proxy removes the
 * topmost Via header field value from the response". Null when that Via was the only one (the
 * response was for this gateway). `request` is the caller's request, `sent` the branch's copy of it.
 * A branch whose CSeq or From this gateway changed (a challenge answered, `callerId`) gets the
 * caller's values back, so the response matches the caller's request; the CSeq offset goes into this
 * gateway's Record-Route values for the caller's later requests (cseq-offset.ts).
 */
export function upstreamResponse(
  response: SipResponse,
  request: SipRequest,
  sent: SipRequest,
): SipResponse | null {
  let upstream = withoutTopVia(response);
  if (upstream === null) return null;
  const { cseq } = request.base;
  const offset = upstream.base.cseq.seq - cseq.seq;
  if (offset !== 0) {
    upstream = withHeaderValues(upstream, 'CSeq', [`${cseq.seq} ${upstream.base.cseq.method}`]);
    upstream = withRecordRouteOffset(upstream, request, sent, offset);
  }
  const from = getHeaderValue(request, 'from');
  if (from !== null && getHeaderValue(upstream, 'from') !== from) {
    upstream = withHeaderValues(upstream, 'From', [from]);
  }
  return upstream;
}
