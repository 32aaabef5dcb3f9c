import type { DialOutcome, HeaderField } from '../contract/handler-events.js';
import { canonicalHeaderName } from '../message/index.js';
import type { SipResponse } from '../message/types.js';

export type DialCallStatus = DialOutcome['dialCallStatus'];

/** Why a `<Dial>` stopped ringing without an answer. */
export type DialEnd =
  /** Every branch gave a final response (or a 6xx ended the forking, RFC 3261 §16.7 step 5). */
  | 'branches-done'
  /** `<Dial timeout>` passed. */
  | 'timeout'
  /** The caller sent CANCEL (RFC 3261 §16.10). */
  | 'caller-cancel'
  /** The dial had no target. */
  | 'no-targets';

const BUSY = new Set([486, 600, 603]);
const NO_ANSWER = new Set([408, 480, 487]);

/**
 * Twilio's DialCallStatus for a dial that was not answered: `busy` for 486/600/603, `no-answer`
 * for a timeout or 408/480/487, `canceled` when the caller hung up, `failed` otherwise.
 */
export function unansweredDialStatus(end: DialEnd, best: SipResponse | null): DialCallStatus {
  if (end === 'caller-cancel') return 'canceled';
  if (end !== 'branches-done' || best === null) return 'no-answer';
  if (BUSY.has(best.status)) return 'busy';
  return NO_ANSWER.has(best.status) ? 'no-answer' : 'failed';
}

/** The `DialOutcome` of a dial: its status, duration, SIP code and the X- headers of its response. */
export function dialOutcome(
  dialCallStatus: DialCallStatus,
  response: SipResponse | null,
  sipResponseCode: number,
  durationMs: number,
): DialOutcome {
  return {
    dialCallStatus,
    dialCallDurationSec: Math.max(0, Math.round(durationMs / 1000)),
    sipResponseCode,
    sipCallId: response?.base.callId ?? null,
    headers: response === null ? [] : xHeaders(response),
  };
}

/** `X-` headers of a response, for DialSipHeader_* (Twilio `<Sip>` statusCallback parameters). */
function xHeaders(response: SipResponse): HeaderField[] {
  return response.headers
    .filter((h) => h.name.toLowerCase().startsWith('x-'))
    .map((h) => ({ name: canonicalHeaderName(h.name), value: h.value }));
}
