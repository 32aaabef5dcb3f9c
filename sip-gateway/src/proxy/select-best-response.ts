import { createResponse } from '../message/create-response.js';
import { headerKey } from '../message/index.js';
import type { RawHeader, SipRequest, SipResponse } from '../message/types.js';
import { REJECTIONS } from './rejections.js';

/**
 * RFC 3261 §16.7 step 6: "give preference to responses that provide information affecting
 * resubmission of this request, such as 401, 407, 415, 420, and 484 if the 4xx class is chosen".
 * 486 follows them: of the rest, it tells the caller most (Twilio reports it as `busy`).
 */
const PREFERRED = [401, 407, 415, 420, 484, 486];

/**
 * Choosing the best response, RFC 3261 §16.7 step 6: "If there are any 6xx responses, the proxy
 * MUST choose one of them"; otherwise "the proxy SHOULD choose from the lowest response class stored
 * in the response context". Null when no final response was stored.
 */
export function selectBestResponse(responses: readonly SipResponse[]): SipResponse | null {
  const finals = responses.filter((r) => r.status >= 300);
  const global = finals.find((r) => r.status >= 600);
  if (global !== undefined) return global;
  const lowestClass = Math.min(...finals.map((r) => Math.floor(r.status / 100)));
  const inClass = finals.filter((r) => Math.floor(r.status / 100) === lowestClass);
  for (const status of PREFERRED) {
    const preferred = inClass.find((r) => r.status === status);
    if (preferred !== undefined) return preferred;
  }
  return inClass[0] ?? null;
}

const CHALLENGE_HEADERS = new Set(['www-authenticate', 'proxy-authenticate']);

/**
 * RFC 3261 §16.7 step 7: "If the selected response is a 401 or 407, the proxy MUST collect all
 * WWW-Authenticate and Proxy-Authenticate header field values from all other 401 and 407 responses
 * ... and add them to this response without modification".
 */
export function aggregateChallenges(best: SipResponse, responses: readonly SipResponse[]): SipResponse {
  if (best.status !== 401 && best.status !== 407) return best;
  const added: RawHeader[] = [];
  for (const other of responses) {
    if (other === best || (other.status !== 401 && other.status !== 407)) continue;
    added.push(...other.headers.filter((h) => CHALLENGE_HEADERS.has(headerKey(h.name))));
  }
  return added.length === 0 ? best : { ...best, headers: [...best.headers, ...added] };
}

/**
 * The final response the caller gets from the best one, RFC 3261 §16.7 step 6: "If the only
 * response that was received is a 503, the proxy SHOULD generate a 500 response and forward that
 * upstream" (a 503 would tell the caller that this gateway is unavailable).
 */
export function forwardableFinal(best: SipResponse, request: SipRequest, toTag: string): SipResponse {
  if (best.status !== 503) return best;
  const { status, reason } = REJECTIONS.downstreamUnavailable;
  return createResponse(request, status, reason, { toTag });
}
