/**
 * Non-INVITE client transaction (RFC 3261 §17.1.2, Figure 6). Pure: `stepNict(state, event, ctx)`.
 */
import {
  type ClientContext,
  type ClientEffect,
  type ClientEvent,
  describeEvent,
  failOnTransportError,
  InvalidTransitionError,
  type Step,
} from './step.js';

export type NictState = 'trying' | 'proceeding' | 'completed' | 'terminated';

type NictStep = Step<NictState, ClientEffect>;

/**
 * RFC 3261 §17.1.2.2: "the request MUST be passed to the transport layer"; "the client
 * transaction MUST set timer F to fire in 64*T1 seconds"; on an unreliable transport "timer E
 * MUST be set to fire in T1 seconds".
 */
export function startNict(ctx: ClientContext): NictStep {
  const effects: ClientEffect[] = [{ kind: 'sendRequest', request: ctx.request }];
  if (!ctx.reliable) effects.push({ kind: 'startTimer', timer: 'E', delayMs: ctx.timers.timerEMs });
  effects.push({ kind: 'startTimer', timer: 'F', delayMs: ctx.timers.timerFMs });
  return { state: 'trying', effects };
}

export function stepNict(state: NictState, event: ClientEvent, ctx: ClientContext): NictStep {
  if (state !== 'terminated' && event.kind === 'transportError') {
    return failOnTransportError<NictState>('terminated', event.error);
  }
  if (state === 'trying' || state === 'proceeding') {
    if (event.kind === 'timer' && event.timer === 'E') {
      // §17.1.2.2: in Trying "the timer is reset ... with a value of MIN(2*T1, T2)" (doubling up to
      // T2); in Proceeding "Timer E MUST be reset with a value of T2 seconds".
      const delayMs = state === 'trying' ? Math.min(2 * event.delayMs, ctx.timers.t2Ms) : ctx.timers.t2Ms;
      return {
        state,
        effects: [
          { kind: 'sendRequest', request: ctx.request },
          { kind: 'startTimer', timer: 'E', delayMs },
        ],
      };
    }
    if (event.kind === 'timer' && event.timer === 'F') {
      // §17.1.2.2: "If Timer F fires ... the client transaction SHOULD inform the TU about the
      // timeout, and then it SHOULD enter the 'Terminated' state."
      return { state: 'terminated', effects: [{ kind: 'reportTimeout', timer: 'F' }, { kind: 'terminate' }] };
    }
    if (event.kind === 'response') {
      const pass: ClientEffect = { kind: 'passResponse', response: event.response };
      // §17.1.2.2: a provisional response "MUST be passed to the TU" and moves Trying to Proceeding.
      if (event.response.status < 200) return { state: 'proceeding', effects: [pass] };
      // §17.1.2.2: a final response "MUST be passed to the TU" and the transaction enters Completed,
      // where Timer K is "T4 seconds for unreliable transports, and zero seconds for reliable".
      const stop: ClientEffect[] = [
        { kind: 'stopTimer', timer: 'E' },
        { kind: 'stopTimer', timer: 'F' },
      ];
      if (ctx.timers.timerKMs === 0) {
        return { state: 'terminated', effects: [...stop, pass, { kind: 'terminate' }] };
      }
      return {
        state: 'completed',
        effects: [...stop, { kind: 'startTimer', timer: 'K', delayMs: ctx.timers.timerKMs }, pass],
      };
    }
  }
  if (state === 'completed') {
    // §17.1.2.2: Completed buffers "any additional response retransmissions that may be received".
    if (event.kind === 'response') return { state, effects: [] };
    if (event.kind === 'timer' && event.timer === 'K')
      return { state: 'terminated', effects: [{ kind: 'terminate' }] };
  }
  throw new InvalidTransitionError('NICT', state, describeEvent(event));
}
