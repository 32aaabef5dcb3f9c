import type { DialOutcome } from '#sip/contract/handler-events.js';
import {
  type CallRecord,
  type CallStatus,
  type CallStatusUpdate,
  createCallRecord,
  updateCallStatus,
} from '../../shared/store/call-store.js';
import type { StoreContext } from '../../shared/store/store-context.js';

/** The statuses a call ends in (Twilio's call_enum_status). */
export type FinalCallStatus = Extract<CallStatus, 'completed' | 'busy' | 'failed' | 'no-answer' | 'canceled'>;

/** How a call leg ended. */
export interface CallEnd {
  readonly status: FinalCallStatus;
  /** Set for `completed` calls only. */
  readonly answeredAtMs: number | null;
  readonly endedAtMs: number;
  /** The final response of the leg's INVITE (200 when answered). */
  readonly sipResponseCode: number;
}

/** The child leg's status for each DialCallStatus (`answered` is the conference form of `completed`). */
export const DIAL_CALL_FINAL_STATUS = {
  completed: 'completed',
  answered: 'completed',
  busy: 'busy',
  'no-answer': 'no-answer',
  failed: 'failed',
  canceled: 'canceled',
} as const satisfies Record<DialOutcome['dialCallStatus'], FinalCallStatus>;

/** Seconds from answer to end (Twilio's CallDuration); 0 for a call never answered. */
export const callDurationSec = (end: CallEnd): number =>
  end.answeredAtMs === null ? 0 : Math.max(0, Math.round((end.endedAtMs - end.answeredAtMs) / 1000));

export interface NewLeg {
  readonly accountSid: string;
  readonly domainSid: string | null;
  readonly from: string;
  readonly to: string;
  readonly sipCallId: string;
  readonly nowMs: number;
}

/** The inbound leg of an admitted INVITE: history queued → ringing, as Twilio shows it. */
export function openInboundCall(store: StoreContext, leg: NewLeg): Promise<CallRecord> {
  return createCallRecord(store, { ...leg, parentCallSid: null, direction: 'inbound', status: 'queued' }, [
    { status: 'ringing', atMs: leg.nowMs },
  ]);
}

/** The statuses a leg goes through as it ends: in-progress at the answer when it was answered. */
function endingUpdates(end: CallEnd): [CallStatusUpdate, ...CallStatusUpdate[]] {
  const final: CallStatusUpdate = {
    status: end.status,
    atMs: end.endedAtMs,
    endedAtMs: end.endedAtMs,
    durationSec: callDurationSec(end),
    sipResponseCode: end.sipResponseCode,
  };
  if (end.status !== 'completed') return [final];
  const answeredAtMs = end.answeredAtMs ?? end.endedAtMs;
  return [{ status: 'in-progress', atMs: answeredAtMs, answeredAtMs }, final];
}

/**
 * Moves a leg to its final status, through in-progress when it was answered, in one conditional
 * write. A repeated or late event finds the call already final and changes nothing (the store
 * refuses moving back).
 */
export async function closeCallRecord(store: StoreContext, callSid: string, end: CallEnd): Promise<void> {
  await updateCallStatus(store, callSid, ...endingUpdates(end));
}

/** The child leg of a finished `<Dial>` (direction outbound-dial), written once, already ended; its SID is the DialCallSid. */
export async function recordDialLeg(
  store: StoreContext,
  leg: NewLeg & { readonly parentCallSid: string },
  end: CallEnd,
): Promise<string> {
  const created = await createCallRecord(
    store,
    { ...leg, direction: 'outbound-dial', status: 'queued' },
    endingUpdates(end),
  );
  return created.sid;
}
