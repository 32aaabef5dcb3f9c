/**
 * Shared vocabulary of the four RFC 3261 §17 state machines: events in, effects out.
 * A machine is `step(state, event, ctx) → { state, effects }`; the driver (`transaction-layer.ts`)
 * performs the effects, so the machines stay pure and never see time or sockets.
 */
import type { TransactionTimers } from '#sip/config/rfc-timers.js';
import type { SipRequest, SipResponse } from '#sip/message/types.js';

/** Timer names of RFC 3261 §17 (Table 4) and RFC 6026 (L, M). Timer C belongs to the proxy. */
export type TimerName = 'A' | 'B' | 'D' | 'E' | 'F' | 'G' | 'H' | 'I' | 'J' | 'K' | 'L' | 'M';

/** A timer fired; `delayMs` is the interval it was armed with, so doubling needs no extra state. */
export interface TimerFired {
  readonly kind: 'timer';
  readonly timer: TimerName;
  readonly delayMs: number;
}

export interface TransportFailed {
  readonly kind: 'transportError';
  readonly error: string;
}

/** Events both sides share: the driver feeds them to client and server machines alike. */
export type SharedEvent = TimerFired | TransportFailed;

export type ClientEvent = { readonly kind: 'response'; readonly response: SipResponse } | SharedEvent;

export type ServerEvent =
  /** A retransmission of the request, or an ACK matched to an INVITE server transaction. */
  | { readonly kind: 'request'; readonly request: SipRequest }
  | { readonly kind: 'tuResponse'; readonly response: SipResponse }
  | SharedEvent;

export type TimerEffect =
  | { readonly kind: 'startTimer'; readonly timer: TimerName; readonly delayMs: number }
  | { readonly kind: 'stopTimer'; readonly timer: TimerName };

export type CommonEffect =
  | TimerEffect
  /** The TU maps it to 503 (RFC 3261 §8.1.3.1, §17.1.4, §17.2.4). */
  | { readonly kind: 'reportTransportError'; readonly error: string }
  /** The driver cancels every timer of the transaction and removes it from the table. */
  | { readonly kind: 'terminate' };

export type ClientEffect =
  /** The original request (first send or retransmission) or the ACK of §17.1.1.3. */
  | { readonly kind: 'sendRequest'; readonly request: SipRequest }
  | { readonly kind: 'passResponse'; readonly response: SipResponse }
  /** Timer B or F fired: the TU maps it to 408 (RFC 3261 §8.1.3.1, §17.1.1.2, §17.1.2.2). */
  | { readonly kind: 'reportTimeout'; readonly timer: 'B' | 'F' }
  | CommonEffect;

export type ServerEffect =
  | { readonly kind: 'sendResponse'; readonly response: SipResponse }
  /** An ACK matched in IST Accepted goes to the TU (RFC 6026 §7.1). */
  | { readonly kind: 'passRequest'; readonly request: SipRequest }
  /** Timer H fired: no ACK arrived (RFC 3261 §17.2.1). */
  | { readonly kind: 'reportTimeout'; readonly timer: 'H' }
  | CommonEffect;

export interface Step<S, E> {
  readonly state: S;
  readonly effects: readonly E[];
}

export interface ClientContext {
  /** The request that created the transaction. */
  readonly request: SipRequest;
  readonly reliable: boolean;
  readonly timers: TransactionTimers;
}

export interface ServerContext {
  readonly request: SipRequest;
  readonly reliable: boolean;
  readonly timers: TransactionTimers;
  /** The most recent response sent, for retransmissions (RFC 3261 §17.2.1, §17.2.2). */
  readonly lastResponse: SipResponse | null;
}

/** A transition the RFC does not allow: the driver or the TU has a bug. */
export class InvalidTransitionError extends Error {
  constructor(machine: string, state: string, event: string, options?: ErrorOptions) {
    super(`${machine}: no transition from '${state}' on '${event}'`, options);
    this.name = 'InvalidTransitionError';
  }
}

export function describeEvent(event: ClientEvent | ServerEvent): string {
  switch (event.kind) {
    case 'response':
    case 'tuResponse':
      return `${event.kind} ${event.response.status}`;
    case 'request':
      return `request ${event.request.method}`;
    case 'timer':
      return `timer ${event.timer}`;
    case 'transportError':
      return event.kind;
  }
}

/**
 * RFC 3261 §17.1.4 / §17.2.4: on a transport failure the transaction informs the TU and moves
 * to Terminated. Applied in every live state, since a send can fail after the state has moved on.
 */
export function failOnTransportError<S>(terminated: S, error: string): Step<S, CommonEffect> {
  return { state: terminated, effects: [{ kind: 'reportTransportError', error }, { kind: 'terminate' }] };
}
