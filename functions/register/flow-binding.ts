import type { RespondResult } from '#sip/contract/handler-events.js';
import type { TransportProtocol } from '#sip/transport/transport.js';
import type { BindingContact } from '../shared/store/binding-store.js';

/** The flow a request arrived on: a flow id is unique within one gateway instance. */
export interface FlowRef {
  readonly flowId: string;
  readonly instanceId: string;
}

export interface AorRef {
  readonly domainSid: string;
  readonly aorUser: string;
}

/** Names an AOR item for the gateway, which hands it back in `flow-closed` events. */
export function flowBindingKey(aor: AorRef): string {
  return `${aor.domainSid}/${aor.aorUser}`;
}

/** Inverse of `flowBindingKey` (a domain SID never contains `/`); null for a key it did not make. */
export function parseFlowBindingKey(key: string): AorRef | null {
  const slash = key.indexOf('/');
  if (slash <= 0 || slash === key.length - 1) return null;
  return { domainSid: key.slice(0, slash), aorUser: key.slice(slash + 1) };
}

export function livesOnFlow(binding: BindingContact, flow: FlowRef): boolean {
  return binding.flowId === flow.flowId && binding.gatewayInstanceId === flow.instanceId;
}

/**
 * RFC 5626 §5: over TCP/TLS, tells the gateway whether some binding of this edge now lives on the
 * request's flow, so it can report the flow's closing; nothing for UDP (no connection to lose).
 */
export function flowBindingFor(
  transport: TransportProtocol,
  aor: AorRef,
  edgeBindings: readonly BindingContact[],
  flow: FlowRef,
): RespondResult['flowBinding'] {
  if (transport === 'udp') return undefined;
  return { key: flowBindingKey(aor), active: edgeBindings.some((b) => livesOnFlow(b, flow)) };
}
