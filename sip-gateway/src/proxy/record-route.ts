import type { Endpoint, TransportProtocol } from '../transport/transport.js';
import { encodeFlowToken, type FlowHop } from './flow-token.js';

/** What this gateway writes into its own Record-Route and relay Route URIs. */
export interface OwnRouteContext {
  readonly secret: Uint8Array;
  readonly advertisedAddress: string;
  /** The port this gateway listens on for a transport. */
  readonly portFor: (protocol: TransportProtocol) => number;
}

/** One side of a forwarded request: the transport it uses and the flow leading to that side. */
export interface RouteSide {
  readonly protocol: TransportProtocol;
  readonly hop: FlowHop;
}

/**
 * The Record-Route values this gateway inserts (RFC 3261 §16.6 step 4), topmost first. When the
 * request leaves on another transport than it came in on, two values are written (RFC 5658 §4),
 * the one the callee uses on top: each names the flow towards the side it faces. With one transport
 * a single value names both flows; the request's arrival flow tells which one it goes to.
 */
export function recordRouteValues(
  inbound: RouteSide,
  outbound: RouteSide,
  context: OwnRouteContext,
): string[] {
  if (inbound.protocol === outbound.protocol) {
    return [ownRoute(context, inbound.protocol, [inbound.hop, outbound.hop])];
  }
  return [
    ownRoute(context, outbound.protocol, [outbound.hop]),
    ownRoute(context, inbound.protocol, [inbound.hop]),
  ];
}

/**
 * The Route value that hands a request to the gateway instance at `relay`, naming the flow it must
 * take there (RFC 5626 §5.3 flow token; the instance verifies it with the shared secret).
 */
export function relayRouteValue(relay: Endpoint, hop: FlowHop, secret: Uint8Array): string {
  return routeValue(encodeFlowToken(secret, [hop]), relay.address, relay.port, 'tcp');
}

function ownRoute(context: OwnRouteContext, protocol: TransportProtocol, hops: readonly FlowHop[]): string {
  const token = encodeFlowToken(context.secret, hops);
  return routeValue(token, context.advertisedAddress, context.portFor(protocol), protocol);
}

function routeValue(token: string, address: string, port: number, protocol: TransportProtocol): string {
  const host = address.includes(':') ? `[${address}]` : address;
  return `<sip:${token}@${host}:${port};transport=${protocol};lr;ob>`;
}
