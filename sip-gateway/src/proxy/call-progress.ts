import type { GatewayConfig } from '../config/gateway-config.js';
import {
  type CallProgressEvent,
  type DialOutcome,
  HANDLER_CONTRACT_VERSION,
  type ProxyResult,
} from '../contract/handler-events.js';

/** When the caller's call was answered and ended, epoch ms (null: not answered / still up). */
export interface CallTimes {
  readonly answeredAtMs: number | null;
  readonly endedAtMs: number | null;
}

/**
 * The `call-progress` event for the route handler that asked for `dial`: its `continuation` comes
 * back unchanged, so a stateless handler knows where its TwiML left off.
 */
export function callProgressEvent(
  config: Pick<GatewayConfig, 'edge' | 'instanceId'>,
  dial: ProxyResult,
  outcome: DialOutcome,
  callerAwaitingAnswer: boolean,
  times: CallTimes,
): CallProgressEvent {
  return {
    version: HANDLER_CONTRACT_VERSION,
    type: 'call-progress',
    handler: 'route',
    edge: config.edge,
    instanceId: config.instanceId,
    callSid: dial.callSid,
    continuation: dial.continuation,
    outcome,
    callerAwaitingAnswer,
    answeredAtMs: times.answeredAtMs,
    endedAtMs: times.endedAtMs,
  };
}
