/**
 * Non-INVITE server transaction (RFC 3261 §17.2.2, Figure 8). Pure: `stepNist(state, event, ctx)`.
 */
import {
  describeEvent,
  failOnTransportError,
  InvalidTransitionError,
  type ServerContext,
  type ServerEffect,
  type ServerEvent,
  type Step,
} from './step.js';

export type NistState = 'trying' | 'proceeding' | 'completed' | 'terminated';

type NistStep = Step<NistState, ServerEffect>;

/** RFC 3261 §17.2.2: "The state machine is initialized in the 'Trying' state". */
export function startNist(): NistStep {
  return { state: 'trying', effects: [] };
}

export function stepNist(state: NistState, event: ServerEvent, ctx: ServerContext): NistStep {
  if (state !== 'terminated' && event.kind === 'transportError') {
    return failOnTransportError<NistState>('terminated', event.error);
  }
  if (event.kind === 'request') {
    // §17.2.2: in Trying "any further request retransmissions are discarded".
    if (state === 'trying') return { state, effects: [] };
    // §17.2.2: in Proceeding and Completed a retransmission makes "the most recent provisional
    // response" / "the final response" be "passed to the transport layer for retransmission".
    if ((state === 'proceeding' || state === 'completed') && ctx.lastResponse !== null) {
      return { state, effects: [{ kind: 'sendResponse', response: ctx.lastResponse }] };
    }
  }
  if (event.kind === 'tuResponse' && (state === 'trying' || state === 'proceeding')) {
    const send: ServerEffect = { kind: 'sendResponse', response: event.response };
    // §17.2.2: a provisional response from the TU is sent and the transaction enters Proceeding.
    if (event.response.status < 200) return { state: 'proceeding', effects: [send] };
    // §17.2.2: a final response is sent, the transaction enters Completed and sets Timer J "to fire
    // in 64*T1 seconds for unreliable transports, and zero seconds for reliable transports".
    if (ctx.timers.timerJMs === 0) return { state: 'terminated', effects: [send, { kind: 'terminate' }] };
    return {
      state: 'completed',
      effects: [send, { kind: 'startTimer', timer: 'J', delayMs: ctx.timers.timerJMs }],
    };
  }
  if (state === 'completed' && event.kind === 'timer' && event.timer === 'J') {
    return { state: 'terminated', effects: [{ kind: 'terminate' }] };
  }
  throw new InvalidTransitionError('NIST', state, describeEvent(event));
}
