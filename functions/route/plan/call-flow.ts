import {
  type DialOutcome,
  type DoneResult,
  HANDLER_CONTRACT_VERSION,
  type HandlerResult,
  type ProxyResult,
} from '#sip/contract/handler-events.js';
import { SipEdgeFunctionError } from '../../shared/errors.js';
import { recordCallAlert } from '../call/call-alerts.js';
import type { CallContext } from '../call/call-context.js';
import { callEnding } from '../call/call-endings.js';
import { type CallEnd, DIAL_CALL_FINAL_STATUS, recordDialLeg } from '../call/call-records.js';
import { encodeContinuation, type PendingDial, type RestOfDocument } from '../call/call-state.js';
import { concludeCall, endWithResponse } from '../call/end-call.js';
import { sipEdgeError, warning } from '../respond.js';
import { parseTwiml } from '../twiml/parse-twiml.js';
import type { UnsupportedVerbName } from '../twiml/twiml-document.js';
import { TWIML_ERRORS } from '../twiml/twiml-errors.js';
import type { FetchedTwiml } from '../webhook/fetch-twiml.js';
import {
  DIAL_FAILURES,
  type DialFailureCode,
  dialFailureEnding,
  failedDialOutcome,
  leadingFailure,
} from './dial-failures.js';
import { dialActionParams } from './dial-params.js';
import { nounAddress, planDial } from './dial-targets.js';
import { type NextStep, nextStep } from './next-step.js';
import { fetchCallTwiml, resolveUrl, twimlFailure } from './twiml-fetch.js';

/** A position in a TwiML document. */
export interface Cursor {
  readonly fetched: FetchedTwiml;
  readonly index: number;
}

/** How a `<Dial>` ended, from the gateway's call-progress event or decided here. */
export interface DialEnd {
  readonly outcome: DialOutcome;
  /** Why the `<Dial>` failed before ringing anything; null when the gateway rang its branches. */
  readonly failure: DialFailureCode | null;
  /** False once the caller was answered or gave up: then the call is over. */
  readonly callerAwaitingAnswer: boolean;
  readonly answeredAtMs: number | null;
  /** When the `<Dial>` (or the answered call) ended; now when unknown. */
  readonly endedAtMs: number | null;
}

const DONE: DoneResult = { version: HANDLER_CONTRACT_VERSION, action: 'done' };

/** Executes TwiML from `start` until the call is proxied or ends (reference §3, §5). */
export async function runTwiml(ctx: CallContext, start: Cursor): Promise<HandlerResult> {
  let cursor = start;
  for (;;) {
    const step = nextStep(cursor.fetched.document.verbs, cursor.index);
    if (step.kind === 'end') return endWithResponse(ctx, callEnding(step.ending));
    if (step.kind === 'unsupported') return refuseMediaVerb(ctx, step.verb);
    if (step.kind === 'dial') return dial(ctx, cursor, step);
    // <Redirect>: the call stays ringing while the next document is fetched (reference §3).
    const target = { url: resolveUrl(step.url, cursor.fetched.url), method: step.method };
    const fetched = await fetchCallTwiml(ctx, target, ctx.call.params);
    if (!fetched.ok) return endWithResponse(ctx, twimlFailure(fetched.error));
    cursor = { fetched: fetched.value, index: 0 };
  }
}

/** `<Say>`, `<Play>`, `<Gather>` … need a media server: the caller is told which verb, with an alert. */
async function refuseMediaVerb(ctx: CallContext, verb: UnsupportedVerbName): Promise<HandlerResult> {
  const text = `SipEdge does not run <${verb}>: it needs a media server`;
  const code = TWIML_ERRORS.schemaValidation.twilioCode;
  await recordCallAlert(ctx, { code, logLevel: 'error', text });
  return endWithResponse(
    ctx,
    callEnding('unsupportedVerb', [warning(ctx.call.domainName, text), sipEdgeError(code, text)]),
  );
}

/** `<Dial>`: its branches for the gateway to fork, or at once what follows a dial that rang nothing. */
async function dial(
  ctx: CallContext,
  cursor: Cursor,
  step: Extract<NextStep, { kind: 'dial' }>,
): Promise<HandlerResult> {
  const verb = step.dial;
  const { deps, call } = ctx;
  const plan = await planDial(deps, call.accountSid, verb.nouns);
  for (const code of plan.failures) {
    const rule = DIAL_FAILURES[code];
    await recordCallAlert(ctx, { code: rule.twilioCode, logLevel: rule.logLevel, text: rule.text });
  }
  const { fetched } = cursor;
  const pending: PendingDial = {
    action: verb.action === null ? null : { url: resolveUrl(verb.action, fetched.url), method: verb.method },
    to: nounAddress(verb.nouns[0]),
    startedAtMs: deps.now(),
  };
  const rest: RestOfDocument | null =
    step.next < fetched.document.verbs.length
      ? { twiml: fetched.body, url: fetched.url, method: fetched.method, next: step.next }
      : null;
  if (plan.targets.length === 0) {
    const failure = leadingFailure(plan.failures);
    if (failure === null) throw new SipEdgeFunctionError('a <Dial> without nouns reached the router');
    return afterDial(ctx, pending, rest, {
      outcome: failedDialOutcome(failure),
      failure,
      callerAwaitingAnswer: true,
      answeredAtMs: null,
      endedAtMs: null,
    });
  }
  const result: ProxyResult = {
    version: HANDLER_CONTRACT_VERSION,
    action: 'proxy',
    callSid: call.callSid,
    targets: plan.targets.slice(0, deps.settings.maxDialTargets),
    timeoutSec: verb.timeoutSeconds,
    timeLimitSec: verb.timeLimitSeconds,
    ...(step.delayMs > 0 ? { delayMs: step.delayMs } : {}),
    ...(verb.callerId === null ? {} : { callerId: verb.callerId }),
    continuation: encodeContinuation({ v: 1, call, dial: pending, rest }),
    ...(ctx.auth === undefined ? {} : { auth: ctx.auth }),
  };
  return result;
}

/**
 * After a `<Dial>` (reference §5.1): the child leg is recorded; the `action` URL, if any, is requested
 * with the Dial parameters and its TwiML continues the call; otherwise the verbs after the `<Dial>` do.
 * TwiML only matters while the caller still awaits an answer: SipEdge is a proxy, so once the
 * bridged call ends (or the caller gives up) the call is over and only the callbacks remain.
 */
export async function afterDial(
  ctx: CallContext,
  pending: PendingDial,
  rest: RestOfDocument | null,
  end: DialEnd,
): Promise<HandlerResult> {
  const { deps, call } = ctx;
  const nowMs = deps.now();
  const legStatus = DIAL_CALL_FINAL_STATUS[end.outcome.dialCallStatus];
  const answeredAtMs = legStatus === 'completed' ? (end.answeredAtMs ?? nowMs) : null;
  const endedAtMs = end.endedAtMs ?? nowMs;
  const dialCallSid = await recordDialLeg(
    deps.store,
    {
      accountSid: call.accountSid,
      domainSid: null,
      parentCallSid: call.callSid,
      from: call.from,
      to: pending.to,
      // A proxy keeps the Call-ID on every branch (RFC 3261 §16.6 step 1).
      sipCallId: end.outcome.sipCallId ?? call.sipCallId,
      nowMs: pending.startedAtMs,
    },
    { status: legStatus, answeredAtMs, endedAtMs, sipResponseCode: end.outcome.sipResponseCode },
  );
  // The call is over once the caller no longer awaits an answer (an unanswered <Dial> also reports
  // when it ended). answerOnBridge: the caller was answered when the callee was; 487 after a CANCEL (§9.2).
  const over: CallEnd | null = !end.callerAwaitingAnswer
    ? {
        status: answeredAtMs === null ? 'canceled' : 'completed',
        answeredAtMs,
        endedAtMs,
        sipResponseCode: answeredAtMs === null ? 487 : 200,
      }
    : null;

  if (pending.action !== null) {
    const params = {
      ...call.params,
      CallStatus: over?.status ?? 'ringing',
      ...dialActionParams(end.outcome, dialCallSid),
    };
    const fetched = await fetchCallTwiml(ctx, pending.action, params);
    if (over !== null) return finish(ctx, over);
    if (!fetched.ok) return endWithResponse(ctx, twimlFailure(fetched.error));
    return runTwiml(ctx, { fetched: fetched.value, index: 0 });
  }
  if (over !== null) return finish(ctx, over);
  if (rest !== null) return runTwiml(ctx, restCursor(rest));
  if (end.failure !== null) return endWithResponse(ctx, dialFailureEnding(end.failure));
  // Nothing left: the gateway answers the caller with the best branch response (RFC 3261 §16.7).
  return finish(ctx, {
    status: legStatus,
    answeredAtMs: null,
    endedAtMs,
    sipResponseCode: end.outcome.sipResponseCode,
  });
}

async function finish(ctx: CallContext, end: CallEnd): Promise<DoneResult> {
  await concludeCall(ctx, end);
  return DONE;
}

/** The verbs after the `<Dial>`, from the document the continuation carries. */
function restCursor(rest: RestOfDocument): Cursor {
  const document = parseTwiml(rest.twiml);
  if (!document.ok) throw new SipEdgeFunctionError('the continuation holds TwiML that no longer parses');
  return {
    fetched: { document: document.value, body: rest.twiml, url: rest.url, method: rest.method },
    index: rest.next,
  };
}
