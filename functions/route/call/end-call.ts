import type { RespondResult } from '#sip/contract/handler-events.js';
import { respond } from '../respond.js';
import type { CallContext } from './call-context.js';
import type { CallEnding } from './call-endings.js';
import { type CallEnd, closeCallRecord } from './call-records.js';
import { postStatusCallback } from './status-callback.js';

/** The call is over: its record gets the final status, then the status callback is posted. */
export async function concludeCall(ctx: CallContext, end: CallEnd): Promise<void> {
  await closeCallRecord(ctx.deps.store, ctx.call.callSid, end);
  await postStatusCallback(ctx, end);
}

/** Ends an unanswered call with a final response to the caller's INVITE. */
export async function endWithResponse(ctx: CallContext, ending: CallEnding): Promise<RespondResult> {
  await concludeCall(ctx, {
    status: ending.callStatus,
    answeredAtMs: null,
    endedAtMs: ctx.deps.now(),
    sipResponseCode: ending.status,
  });
  return respond(ending.status, ending.reason, ending.headers, ctx.auth);
}
