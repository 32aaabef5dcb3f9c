import { withHeaderValues } from '../message/header-lines.js';
import {
  formatNameAddr,
  getHeaderValue,
  getHeaderValues,
  getParam,
  parseRouteEntry,
  setParam,
} from '../message/index.js';
import { MAX_UINT32, parseBoundedInt } from '../message/syntax.js';
import type { SipRequest, SipResponse, SipUri } from '../message/types.js';

/**
 * The CSeq offset of a dialog whose INVITE this gateway re-sent with credentials: RFC 3261 §22.2
 * increments the CSeq of the re-sent request, so the callee numbers the caller's requests that much
 * higher than the caller does. The gateway keeps no dialog state (in-dialog requests are routed by
 * their Route alone), so the offset travels in the caller's route set, like Kamailio's dialog
 * `track_cseq_updates`: a parameter of this gateway's Record-Route URIs in the responses relayed to
 * the caller (RFC 3261 §16.7 step 8 lets a proxy rewrite its own Record-Route values there). The
 * callee's route set comes from the INVITE and never has it, so a request carrying it is the caller's.
 */
export const CSEQ_OFFSET_PARAM = 'cseq-offset';

/**
 * `response` (to the caller's `received` request, answering `sent`, its copy this gateway forwarded)
 * with `offset` on this gateway's Record-Route values. The UAS copies them in order (RFC 3261
 * §12.1.1): ours are the values `sent` had above those of `received`, each of them marked, so both
 * entries of a double Record-Route (RFC 5658) agree.
 */
export function withRecordRouteOffset(
  response: SipResponse,
  received: SipRequest,
  sent: SipRequest,
  offset: number,
): SipResponse {
  const upstream = getHeaderValues(received, 'record-route').length;
  const ours = getHeaderValues(sent, 'record-route').length - upstream;
  const values = getHeaderValues(response, 'record-route');
  const end = values.length - upstream;
  if (offset <= 0 || ours <= 0 || end - ours < 0) return response;
  const marked = values.map((value, i) =>
    i >= end - ours && i < end ? withOffsetParam(value, offset) : value,
  );
  return withHeaderValues(response, 'Record-Route', marked);
}

/** The offset this gateway's removed route entries carry (RFC 3261 §16.4); 0 when none does. */
export function routeCSeqOffset(popped: readonly SipUri[]): number {
  for (const uri of popped) {
    const value = getParam(uri.params, CSEQ_OFFSET_PARAM);
    if (typeof value === 'string') return parseBoundedInt(value, MAX_UINT32) ?? 0;
  }
  return 0;
}

/**
 * The caller's in-dialog request numbered as the callee expects: CSeq plus `offset`, which keeps an
 * ACK for a 2xx on the number of the INVITE the callee answered (RFC 3261 §13.2.2.4), and for a
 * PRACK the CSeq number in RAck too (RFC 3262 §7.2). Unchanged when the sum would not fit (§8.1.1.5).
 */
export function withCSeqOffset(request: SipRequest, offset: number): SipRequest {
  const { seq, method } = request.base.cseq;
  if (offset === 0 || seq + offset > MAX_UINT32) return request;
  const shifted = withHeaderValues(request, 'CSeq', [`${seq + offset} ${method}`]);
  const rack =
    method === 'PRACK' ? /^\s*(\d+)\s+(\d+)\s+(\S+)\s*$/.exec(getHeaderValue(request, 'rack') ?? '') : null;
  if (rack === null) return shifted;
  const [, rseq, number, rackMethod] = rack;
  return withHeaderValues(shifted, 'RAck', [`${rseq} ${Number(number) + offset} ${rackMethod}`]);
}

function withOffsetParam(value: string, offset: number): string {
  const entry = parseRouteEntry(value);
  if (!entry.ok || !('host' in entry.value.uri)) return value;
  const uri = entry.value.uri;
  return formatNameAddr({
    ...entry.value,
    uri: { ...uri, params: setParam(uri.params, CSEQ_OFFSET_PARAM, String(offset)) },
  });
}
