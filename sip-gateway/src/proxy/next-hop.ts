import type { ProxyTarget } from '../contract/handler-events.js';
import { getParam, parseRouteEntry, parseUri } from '../message/index.js';
import type { Uri } from '../message/types.js';
import { isIpAddress, normalizeAddress } from '../transport/address.js';
import type { Flow, SendTarget, TransportProtocol } from '../transport/transport.js';
import type { FlowHop } from './flow-token.js';
import type { RejectionCode } from './rejections.js';

/** Where one branch goes (RFC 3261 §16.6 step 7) and, for another instance's flow, the relay token. */
export type BranchHop =
  | { readonly kind: 'direct'; readonly send: SendTarget }
  /** Another gateway instance holds the device's flow: send to its relay address with a Route naming it. */
  | { readonly kind: 'relay'; readonly send: SendTarget; readonly flow: FlowHop }
  | { readonly kind: 'unreachable'; readonly code: RejectionCode };

export interface HopContext {
  readonly instanceId: string;
  /** The open flow with this id on this instance. */
  readonly lookupFlow: (flowId: string) => Flow | undefined;
}

const DEFAULT_PORT = { udp: 5060, tcp: 5060, tls: 5061 } as const;

/**
 * RFC 3263-lite (§4.1, §4.2 without DNS): the transport from the `transport` parameter (TLS for
 * sips, else UDP), the port from the URI or the transport's default, and the host when it is an IP
 * address or `localhost`. Null when the URI cannot be resolved that way.
 */
export function uriTarget(uri: Uri): SendTarget | null {
  if (uri.scheme !== 'sip' && uri.scheme !== 'sips') return null;
  if (!('host' in uri)) return null;
  const param = getParam(uri.params, 'transport')?.toLowerCase();
  const protocol: TransportProtocol =
    uri.scheme === 'sips' || param === 'tls' ? 'tls' : param === 'tcp' ? 'tcp' : 'udp';
  const host = uri.host === 'localhost' ? '127.0.0.1' : normalizeAddress(uri.host);
  if (!isIpAddress(host)) return null;
  return { protocol, address: host, port: uri.port ?? DEFAULT_PORT[protocol] };
}

/** Sends over `flow`, falling back to where it led when it closes (RFC 5626 §5.2). */
export function flowTarget(flow: Flow): SendTarget {
  return { protocol: flow.protocol, address: flow.remote.address, port: flow.remote.port, flowId: flow.id };
}

/**
 * The next hop of a `<Dial>` target: the binding's flow on this instance (RFC 5626 §5.2), the
 * relay address of the instance holding it, the address it registered from (RFC 3581), the first
 * Path entry (RFC 3327 §5.3), or the Request-URI itself (RFC 3263-lite).
 */
export function branchHop(target: ProxyTarget, context: HopContext): BranchHop {
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
    if (open !== undefined) return { kind: 'direct', send: flowTarget(open) };
    // RFC 5626 §5.3: the flow is gone; a UDP binding may still be reached where it registered from.
    if (destination === undefined || destination.transport !== 'udp') {
      return { kind: 'unreachable', code: 'flowFailed' };
    }
  }
  if (destination !== undefined) return { kind: 'direct', send: destinationTarget(destination) };
  // RFC 3327 §5.3: the Path entries become the route set; the first one is the next hop.
  const first = target.path?.[0];
  const hopUri = first === undefined ? parseUri(target.uri) : parseRouteEntry(first);
  const uri = hopUri.ok ? ('uri' in hopUri.value ? hopUri.value.uri : hopUri.value) : null;
  const send = uri === null ? null : uriTarget(uri);
  return send === null ? { kind: 'unreachable', code: 'unresolvableTarget' } : { kind: 'direct', send };
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
