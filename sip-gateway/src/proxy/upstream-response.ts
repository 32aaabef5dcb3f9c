import { withHeaderValues } from '../message/header-lines.js';
import { getHeaderValue, withoutTopVia } from '../message/index.js';
import type { SipRequest, SipResponse } from '../message/types.js';

/**
 * A branch response made ready for the caller, RFC 3261 §16.7 step 3: "The proxy removes the
 * topmost Via header field value from the response". Null when that Via was the only one (the
 * response was for this gateway). A branch whose CSeq or From this gateway changed (a challenge
 * answered, `callerId`) gets the caller's values back, so the response matches the caller's request.
 */
export function upstreamResponse(response: SipResponse, request: SipRequest): SipResponse | null {
  let upstream = withoutTopVia(response);
  if (upstream === null) return null;
  const { cseq } = request.base;
  if (upstream.base.cseq.seq !== cseq.seq) {
    upstream = withHeaderValues(upstream, 'CSeq', [`${cseq.seq} ${upstream.base.cseq.method}`]);
  }
  const from = getHeaderValue(request, 'from');
  if (from !== null && getHeaderValue(upstream, 'from') !== from) {
    upstream = withHeaderValues(upstream, 'From', [from]);
  }
  return upstream;
}
