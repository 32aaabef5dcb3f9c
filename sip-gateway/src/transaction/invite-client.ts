/**
 * INVITE client transaction (RFC 3261 §17.1.1, Figure 5) with the Accepted state of
 * RFC 6026 §7.2 / §8.4. Pure: `stepIct(state, event, ctx)` returns the next state and effects.
 */
import type { SipResponse } from '#sip/message/types.js';
import { buildAckForNon2xx } from './build-ack.js';
import {
  type ClientContext,
  type ClientEffect,
  type ClientEvent,
  describeEvent,
  failOnTransportError,
  InvalidTransitionError,
  type Step,
} from './step.js';

export type IctState = 'calling' | 'proceeding' | 'completed' | 'accepted' | 'terminated';

type IctStep = Step<IctState, ClientEffect>;

/**
 * RFC 3261 §17.1.1.2: "the client transaction MUST pass the request to the transport layer";
 * "If an unreliable transport is being used, the client transaction MUST start timer A with a
 * value of T1"; "the client transaction MUST start timer B with a value of 64*T1".
 */
export function startIct(ctx: ClientContext): IctStep {
  const effects: ClientEffect[] = [{ kind: 'sendRequest', request: ctx.request }];
  if (!ctx.reliable) effects.push({ kind: 'startTimer', timer: 'A', delayMs: ctx.timers.timerAMs });
  effects.push({ kind: 'startTimer', timer: 'B', delayMs: ctx.timers.timerBMs });
  return { state: 'calling', effects };
}

export function stepIct(state: IctState, event: ClientEvent, ctx: ClientContext): IctStep {
  if (state !== 'terminated' && event.kind === 'transportError') {
    return failOnTransportError<IctState>('terminated', event.error);
  }
  switch (state) {
    case 'calling':
      if (event.kind === 'timer' && event.timer === 'A') {
        // §17.1.1.2: "retransmit the request ... and reset the timer with a value of 2*T1" (doubling).
        return {
          state,
          effects: [
            { kind: 'sendRequest', request: ctx.request },
            { kind: 'startTimer', timer: 'A', delayMs: 2 * event.delayMs },
          ],
        };
      }
      if (event.kind === 'timer' && event.timer === 'B') {
        // §17.1.1.2: "the client transaction SHOULD inform the TU that a timeout has occurred".
        return {
          state: 'terminated',
          effects: [{ kind: 'reportTimeout', timer: 'B' }, { kind: 'terminate' }],
        };
      }
      if (event.kind === 'response') {
        const stop: ClientEffect[] = [
          { kind: 'stopTimer', timer: 'A' },
          { kind: 'stopTimer', timer: 'B' },
        ];
        return onResponse(event.response, ctx, stop);
      }
      break;
    case 'proceeding':
      if (event.kind === 'response') return onResponse(event.response, ctx, []);
      break;
    case 'completed':
      if (event.kind === 'response') {
        // §17.1.1.2: "Any retransmissions of the final response that are received while in the
        // 'Completed' state MUST cause the ACK to be re-passed to the transport layer".
        if (event.response.status >= 300) {
          return {
            state,
            effects: [{ kind: 'sendRequest', request: buildAckForNon2xx(ctx.request, event.response) }],
          };
        }
        return { state, effects: [] };
      }
      if (event.kind === 'timer' && event.timer === 'D')
        return { state: 'terminated', effects: [{ kind: 'terminate' }] };
      break;
    case 'accepted':
      if (event.kind === 'response') {
        // RFC 6026 §8.4: "any 2xx responses that match this client transaction ... MUST be passed
        // up to the TU"; other responses are discarded.
        if (event.response.status >= 200 && event.response.status < 300) {
          return { state, effects: [{ kind: 'passResponse', response: event.response }] };
        }
        return { state, effects: [] };
      }
      if (event.kind === 'timer' && event.timer === 'M')
        return { state: 'terminated', effects: [{ kind: 'terminate' }] };
      break;
    case 'terminated':
      break;
  }
  throw new InvalidTransitionError('ICT', state, describeEvent(event));
}

/** A response in Calling (after stopping A and B) or Proceeding (RFC 3261 §17.1.1.2, RFC 6026 §8.4). */
function onResponse(response: SipResponse, ctx: ClientContext, stop: readonly ClientEffect[]): IctStep {
  const pass: ClientEffect = { kind: 'passResponse', response };
  if (response.status < 200) {
    // §17.1.1.2: "the client transaction SHOULD move to the Proceeding state ... and the response
    // MUST be passed to the TU".
    return { state: 'proceeding', effects: [...stop, pass] };
  }
  if (response.status < 300) {
    // RFC 6026 §8.4: a 2xx "MUST cause the client transaction to enter the 'Accepted' state"
    // and start Timer M.
    return {
      state: 'accepted',
      effects: [...stop, { kind: 'startTimer', timer: 'M', delayMs: ctx.timers.timerMMs }, pass],
    };
  }
  // §17.1.1.2: 300-699 → Completed: "generate an ACK request", pass the response up, start Timer D
  // ("at least 32 seconds for unreliable transports, and ... zero seconds for reliable transports").
  const ack: ClientEffect = { kind: 'sendRequest', request: buildAckForNon2xx(ctx.request, response) };
  if (ctx.timers.timerDMs === 0)
    return { state: 'terminated', effects: [...stop, ack, pass, { kind: 'terminate' }] };
  return {
    state: 'completed',
    effects: [...stop, ack, { kind: 'startTimer', timer: 'D', delayMs: ctx.timers.timerDMs }, pass],
  };
}
