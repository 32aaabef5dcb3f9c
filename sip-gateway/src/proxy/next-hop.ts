import { type EdgeName, edgeHostname } from '../config/edges.js';
import type { ProxyTarget } from '../contract/handler-events.js';
import type { LocateServers } from '../dns/locate-servers.js';
import { parseRouteEntry, parseUri } from '../message/index.js';
import type { Uri } from '../message/types.js';
import { normalizeAddress } from '../transport/address.js';
import type { Flow, SendTarget } from '../transport/transport.js';
import type { FlowToken } from './flow-token.js';
import { parseHostPort } from './host-port.js';
import type { RejectionCode } from './rejections.js';

/** Where one branch goes (RFC 3261 §16.6 step 7) and, for another instance's flow, the relay token. */
export type BranchHop =
  /** `alternates`: the target's further servers, tried in turn when `send` fails (RFC 3263 §4.3). */
  | { readonly kind: 'direct'; readonly send: SendTarget; readonly alternates: readonly SendTarget[] }
  /**
   * Another gateway instance holds the device's flow: the request goes to `send` with a relay Route
   * whose host is `routeHost` and whose token names the flow and its owner (RFC 5626 §5.3). Within
   * the edge `send` is the owner's relay address; across edges it is a server of the owning edge's
   * public entry (RFC 3263), whose instance hands the request on to the owner.
   */
  | {
      readonly kind: 'relay';
      readonly send: SendTarget;
      readonly alternates: readonly SendTarget[];
      readonly routeHost: string;
      readonly token: FlowToken;
    }
  /** `detail` says why DNS found no server, for the log. */
  | { readonly kind: 'unreachable'; readonly code: RejectionCode; readonly detail?: string };

export interface HopContext {
  readonly instanceId: string;
  /** This instance's edge, and the zone of every edge's public entry `sip.<edge>.<zone>`. */
  readonly edge: EdgeName;
  readonly zone: string;
  /** The open flow with this id on this instance. */
  readonly lookupFlow: (flowId: string) => Flow | undefined;
  /** RFC 3263 §4: the servers of a SIP URI, in the order to try them. */
  readonly locate: LocateServers;
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
  return hop.relay === undefined
    ? { kind: 'direct', send, alternates }
    : { kind: 'relay', send, alternates, ...hop.relay };
}

/** A relay across edges: the entry to locate, then the Route that names the owner. */
type Locate = { kind: 'locate'; uri: Uri; relay?: { routeHost: string; token: FlowToken } };

/** The hop when the target itself says it; otherwise the URI whose servers DNS gives. */
function knownHop(target: ProxyTarget, context: HopContext): BranchHop | Locate {
  const { flow, destination } = target;
  if (flow !== undefined && flow.instanceId !== context.instanceId) {
    const owner = parseHostPort(flow.relayAddress);
    if (owner === null) return { kind: 'unreachable', code: 'flowFailed' };
    const token: FlowToken = {
      owner,
      hops: [
        { flowId: flow.flowId, target: destination === undefined ? null : destinationTarget(destination) },
      ],
    };
    if (flow.edge === context.edge) {
      return {
        kind: 'relay',
        send: { protocol: 'tcp', ...owner },
        alternates: [],
        routeHost: owner.address,
        token,
      };
    }
    // Private addresses of another edge are not routable: its public entry, over TCP like any relay.
    const entry = edgeHostname(flow.edge, context.zone);
    return { kind: 'locate', uri: entryUri(entry), relay: { routeHost: entry, token } };
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

/** `sip:<entry>;transport=tcp`: RFC 3263 §4.2 finds its servers by SRV, then A/AAAA at 5060. */
function entryUri(host: string): Uri {
  return {
    scheme: 'sip',
    user: null,
    password: null,
    host,
    port: null,
    params: [['transport', 'tcp']],
    headers: [],
  };
}
