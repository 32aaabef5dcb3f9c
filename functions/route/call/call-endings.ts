import type { HeaderField } from '#sip/contract/handler-events.js';
import type { FinalCallStatus } from './call-records.js';

/** Every way TwiML ends a call that was never answered. */
export type CallEndingCode =
  | 'rejectBusy'
  | 'rejectRejected'
  | 'hangup'
  | 'unsupportedVerb'
  | 'applicationError';

/**
 * The response to the caller and the call's final status for each ending; `satisfies` makes the
 * compiler check the table is exhaustive.
 * - `<Reject>`: busy → 486, rejected → 404 (reference §3); status busy / no-answer (Twilio `<Reject>`).
 * - `<Hangup>` (and a document that runs out): Twilio answers, then hangs up; SipEdge answers only
 *   when a callee does, so the caller is declined instead: 603 (RFC 3261 §21.6.2, the called party
 *   does not wish to participate), and the call ends unanswered (no-answer).
 * - A verb that needs a media server: 501 (RFC 3261 §21.5.2, functionality not supported).
 * - TwiML that could not be fetched or run: 500.
 */
export const CALL_ENDINGS = {
  rejectBusy: { status: 486, reason: 'Busy Here', callStatus: 'busy' },
  rejectRejected: { status: 404, reason: 'Not Found', callStatus: 'no-answer' },
  hangup: { status: 603, reason: 'Decline', callStatus: 'no-answer' },
  unsupportedVerb: { status: 501, reason: 'Not Implemented', callStatus: 'failed' },
  applicationError: { status: 500, reason: 'Server Internal Error', callStatus: 'failed' },
} as const satisfies Record<CallEndingCode, { status: number; reason: string; callStatus: FinalCallStatus }>;

/** A final response that ends the call, with the status the call record gets. */
export interface CallEnding {
  readonly status: number;
  readonly reason: string;
  readonly callStatus: FinalCallStatus;
  readonly headers: readonly HeaderField[];
}

export const callEnding = (code: CallEndingCode, headers: readonly HeaderField[] = []): CallEnding => ({
  ...CALL_ENDINGS[code],
  headers,
});
