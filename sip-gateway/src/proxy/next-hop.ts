import type { ProxyTarget } from '../contract/handler-events.js';
import type { LocateServers } from '../dns/locate-servers.js';
import { locationPlan } from '../dns/location-plan.js';
import { parseRouteEntry, parseUri } from '../message/index.js';
import type { Uri } from '../message/types.js';
import { isIpAddress, normalizeAddress } from '../transport/address.js';
import type { Flow, SendTarget } from '../transport/transport.js';
import type { FlowHop } from './flow-token.js';
import type { RejectionCode } from './rejections.js';

/** Where one branch goes (RFC 3261 §16.6 step 7) and, for another instance's flow, the relay token. */
export type BranchHop =
  /** `alternates`: the target's further servers, tried in turn when `send` fails (RFC 3263 §4.3). */
  | { readonly kind: 'direct'; readonly send: SendTarget; readonly alternates: readonly SendTarget[] }
  /** Another gateway instance holds the device's flow: send to its relay address with a Route naming it. */
  | { readonly kind: 'relay'; readonly send: SendTarget; readonly flow: FlowHop }
  /** `detail` says why DNS found no server, for the log. */
  | { readonly kind: 'unreachable'; readonly code: RejectionCode; readonly detail?: string };

export interface HopContext {
  readonly instanceId: string;
  /** The open flow with this id on this instance. */
  readonly lookupFlow: (flowId: string) => Flow | undefined;
  /** RFC 3263 §4: the servers of a SIP URI, in the order to try them. */
  readonly locate: LocateServers;
}

/**
 * RFC 3263 without DNS (§4.1, §4.2): the URI's server when its TARGET is an IP address or
 * `localhost`; null when it takes a DNS lookup or cannot be reached.
 */
export function uriTarget(uri: Uri): SendTarget | null {
  const plan = locationPlan(uri);
  return plan.kind === 'numeric' ? plan.target : null;
}

/** Sends over `flow`, falling back to where it led when it closes (RFC 5626 §5.2). */
export function flowTarget(flow: Flow): SendTarget {
  return { protocol: flow.protocol, address: flow.remote.address, port: flow.remote.port, flowId: flow.id };
}

/**
 * The next hop of a `<Dial>` target: the binding's flow on this instance (RFC 5626 §5.2), the
 * relay address of the instance holding it, the address it registered from (RFC 3581), or the
 * servers (RFC 3263) of the first Path entry (RFC 3327 §5.3) or of the Request-URI itself.
 */
export async function branchHop(target: ProxyTarget, context: HopContext): Promise<BranchHop> {
  const hop = knownHop(target, context);
  if (hop.kind !== 'locate') return hop;
  const located = await context.locate(hop.uri);
  if (!located.ok) return { kind: 'unreachable', code: 'unresolvableTarget', detail: located.error.detail };
  const [send, ...alternates] = located.value;
  return { kind: 'direct', send, alternates };
}

/** The hop when the target itself says it; otherwise the URI whose servers DNS gives. */
function knownHop(target: ProxyTarget, context: HopContext): BranchHop | { kind: 'locate'; uri: Uri } {
  const { flow, destination } = target;
  if (flow !== undefined && flow.instanceId !== context.instanceId) {
    const relay = parseHostPort(flow.relayAddress);
    if (relay === null) return { kind: 'unreachable', code: 'flowFailed' };
    return {
      kind: 'relay',
      send: { protocol: 'tcp', ...relay },
      flow: {
        flowId: flow.flowId,
        target: destination === undefined ? null : destinationTarget(destination),
      },
    };
  }
  if (flow !== undefined) {
    const open = context.lookupFlow(flow.flowId);
    if (open !== undefined) return { kind: 'direct', send: flowTarget(open), alternates: [] };
    // RFC 5626 §5.3: the flow is gone; a UDP binding may still be reached where it registered from.
    if (destination === undefined || destination.transport !== 'udp') {
      return { kind: 'unreachable', code: 'flowFailed' };
    }
  }
  if (destination !== undefined)
    return { kind: 'direct', send: destinationTarget(destination), alternates: [] };
  // RFC 3327 §5.3: the Path entries become the route set; the first one is the next hop.
  const first = target.path?.[0];
  const hopUri = first === undefined ? parseUri(target.uri) : parseRouteEntry(first);
  if (!hopUri.ok) return { kind: 'unreachable', code: 'unresolvableTarget', detail: hopUri.error };
  return { kind: 'locate', uri: 'uri' in hopUri.value ? hopUri.value.uri : hopUri.value };
}

function destinationTarget(destination: NonNullable<ProxyTarget['destination']>): SendTarget {
  const { transport, address, port } = destination;
  return { protocol: transport, address: normalizeAddress(address), port };
}

/** `host:port` or `[v6]:port` of a relay address. */
export function parseHostPort(text: string): { address: string; port: number } | null {
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(text);
  if (!match?.[1] || !match[2]) return null;
  const address = normalizeAddress(match[1]);
  const port = Number(match[2]);
  return isIpAddress(address) && port >= 1 && port <= 65_535 ? { address, port } : null;
}
