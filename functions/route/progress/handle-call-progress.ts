import type { CallProgressEvent, HandlerResult } from '#sip/contract/handler-events.js';
import { CorruptItemError, SipEdgeFunctionError } from '../../shared/errors.js';
import { decodeContinuation } from '../call/call-state.js';
import { afterDial } from '../plan/call-flow.js';
import type { RouteDeps } from '../route-deps.js';

/** A proxied `<Dial>` finished, or its caller gave up: the call goes on from the continuation. */
export async function handleCallProgress(deps: RouteDeps, event: CallProgressEvent): Promise<HandlerResult> {
  const { call, dial, rest } = decodeContinuation(event.continuation);
  if (call.callSid !== event.callSid)
    throw new SipEdgeFunctionError(
      `call-progress for ${event.callSid} carries ${call.callSid}'s continuation`,
    );
  const account = await deps.directory.account(call.accountSid);
  if (account === undefined)
    throw new CorruptItemError(`call ${call.callSid}: account ${call.accountSid} missing`);
  const ctx = {
    deps,
    call,
    authToken: account.authToken,
    budget: { fetchesLeft: deps.settings.maxTwimlFetchesPerEvent },
  };
  return afterDial(ctx, dial, rest, {
    outcome: event.outcome,
    failure: null,
    callerAwaitingAnswer: event.callerAwaitingAnswer,
    answeredAtMs: event.answeredAtMs,
    endedAtMs: event.endedAtMs,
  });
}
