/**
 * INVITE server transaction (RFC 3261 §17.2.1, Figure 7) with the Accepted state of
 * RFC 6026 §7.1 / §8.7. Pure: `stepIst(state, event, ctx)`.
 */
import { createResponse } from '#sip/message/create-response.js';
import type { SipResponse } from '#sip/message/types.js';
import {
  describeEvent,
  failOnTransportError,
  InvalidTransitionError,
  type ServerContext,
  type ServerEffect,
  type ServerEvent,
  type Step,
} from './step.js';

export type IstState = 'proceeding' | 'completed' | 'confirmed' | 'accepted' | 'terminated';

type IstStep = Step<IstState, ServerEffect>;

/**
 * RFC 3261 §17.2.1: "the server transaction MUST generate a 100 (Trying) response unless it
 * knows that the TU will generate a provisional or final response within 200 ms". The gateway
 * never knows that, so the 100 goes out at once.
 */
export function startIst(ctx: ServerContext): IstStep {
  return {
    state: 'proceeding',
    effects: [{ kind: 'sendResponse', response: createResponse(ctx.request, 100, 'Trying') }],
  };
}

export function stepIst(state: IstState, event: ServerEvent, ctx: ServerContext): IstStep {
  if (state !== 'terminated' && event.kind === 'transportError') {
    return failOnTransportError<IstState>('terminated', event.error);
  }
  const isAck = event.kind === 'request' && event.request.method === 'ACK';
  switch (state) {
    case 'proceeding':
      // §17.2.1: "If a request retransmission is received while in the 'Proceeding' state, the most
      // recent provisional response that was received from the TU MUST be passed to the transport".
      if (event.kind === 'request' && !isAck) return resendLast(state, ctx);
      if (event.kind === 'request') return { state, effects: [] };
      if (event.kind === 'tuResponse') return onTuResponse(event.response, ctx);
      break;
    case 'completed':
      // §17.2.1: "while in the 'Completed' state, if a request retransmission is received, the
      // server SHOULD pass the response to the transport for retransmission".
      if (event.kind === 'request' && !isAck) return resendLast(state, ctx);
      if (event.kind === 'request') {
        // §17.2.1: "If an ACK is received while the server transaction is in the 'Completed' state,
        // the server transaction MUST transition to the 'Confirmed' state" and start Timer I
        // ("T4 seconds for unreliable transports, and zero seconds for reliable").
        const stop: ServerEffect[] = [
          { kind: 'stopTimer', timer: 'G' },
          { kind: 'stopTimer', timer: 'H' },
        ];
        if (ctx.timers.timerIMs === 0)
          return { state: 'terminated', effects: [...stop, { kind: 'terminate' }] };
        return {
          state: 'confirmed',
          effects: [...stop, { kind: 'startTimer', timer: 'I', delayMs: ctx.timers.timerIMs }],
        };
      }
      if (event.kind === 'timer' && event.timer === 'G') {
        // §17.2.1: on Timer G "the response is passed to the transport layer once more ... and
        // timer G is set to fire in MIN(2*T1, T2) seconds" (doubling up to T2).
        const again = resendLast(state, ctx);
        return {
          state,
          effects: [
            ...again.effects,
            { kind: 'startTimer', timer: 'G', delayMs: Math.min(2 * event.delayMs, ctx.timers.t2Ms) },
          ],
        };
      }
      if (event.kind === 'timer' && event.timer === 'H') {
        // §17.2.1: "If timer H fires while in the 'Completed' state, it implies that the ACK was
        // never received ... MUST indicate to the TU that a transaction failure has occurred."
        return {
          state: 'terminated',
          effects: [{ kind: 'reportTimeout', timer: 'H' }, { kind: 'terminate' }],
        };
      }
      break;
    case 'confirmed':
      // §17.2.1: "The purpose of the 'Confirmed' state is to absorb any additional ACK messages".
      if (event.kind === 'request') return { state, effects: [] };
      if (event.kind === 'timer' && event.timer === 'I')
        return { state: 'terminated', effects: [{ kind: 'terminate' }] };
      break;
    case 'accepted':
      if (event.kind === 'request' && isAck) {
        // RFC 6026 §7.1: "If an ACK is received while in the 'Accepted' state, it MUST be passed to the TU."
        return { state, effects: [{ kind: 'passRequest', request: event.request }] };
      }
      // RFC 6026 §8.7: INVITE retransmissions in Accepted are absorbed without a response.
      if (event.kind === 'request') return { state, effects: [] };
      if (event.kind === 'tuResponse' && isSuccess(event.response)) {
        // RFC 6026 §8.7: 2xx retransmissions from the TU "MUST be passed to the transport layer".
        return { state, effects: [{ kind: 'sendResponse', response: event.response }] };
      }
      if (event.kind === 'timer' && event.timer === 'L')
        return { state: 'terminated', effects: [{ kind: 'terminate' }] };
      break;
    case 'terminated':
      break;
  }
  throw new InvalidTransitionError('IST', state, describeEvent(event));
}

function isSuccess(response: SipResponse): boolean {
  return response.status >= 200 && response.status < 300;
}

function resendLast(state: IstState, ctx: ServerContext): IstStep {
  if (ctx.lastResponse === null)
    throw new InvalidTransitionError('IST', state, 'retransmission without a response');
  return { state, effects: [{ kind: 'sendResponse', response: ctx.lastResponse }] };
}

/** A response from the TU in Proceeding (RFC 3261 §17.2.1, RFC 6026 §7.1). */
function onTuResponse(response: SipResponse, ctx: ServerContext): IstStep {
  const send: ServerEffect = { kind: 'sendResponse', response };
  // §17.2.1: "Any other provisional responses passed by the TU ... MUST be passed to the transport".
  if (response.status < 200) return { state: 'proceeding', effects: [send] };
  // RFC 6026 §7.1: on a 2xx from the TU "the server transaction MUST enter the 'Accepted' state"
  // and start Timer L (64*T1).
  if (isSuccess(response)) {
    return {
      state: 'accepted',
      effects: [send, { kind: 'startTimer', timer: 'L', delayMs: ctx.timers.timerLMs }],
    };
  }
  // §17.2.1: on a 300-699 "the response MUST be passed to the transport layer", Timer G is set
  // to T1 "for unreliable transports", Timer H to 64*T1 "for all transports".
  const effects: ServerEffect[] = [send];
  if (!ctx.reliable) effects.push({ kind: 'startTimer', timer: 'G', delayMs: ctx.timers.timerGMs });
  effects.push({ kind: 'startTimer', timer: 'H', delayMs: ctx.timers.timerHMs });
  return { state: 'completed', effects };
}
