import { PARAM_CHARS } from '../message/syntax.js';
import { escapeUriPart } from '../message/uri/escape.js';
import type { Endpoint, TransportProtocol } from '../transport/transport.js';
import { encodeFlowToken, type FlowHop, type FlowToken } from './flow-token.js';

/** What this gateway writes into its own Record-Route and relay Route URIs. */
export interface OwnRouteContext {
  readonly secret: Uint8Array;
  readonly advertisedAddress: string;
  /** The port this gateway listens on for a transport. */
  readonly portFor: (protocol: TransportProtocol) => number;
  /** This instance's relay address: the owner its tokens name. */
  readonly relay: Endpoint;
}

/** One side of a forwarded request: the transport it uses and the flow leading to that side. */
export interface RouteSide {
  readonly protocol: TransportProtocol;
  /** Null when that side is reached through the route set (another gateway handed the request over). */
  readonly hop: FlowHop | null;
}

/** The Record-Route URI parameter holding the caller's From tag (as Kamailio's rr module does). */
export const FROM_TAG_PARAM = 'ftag';

/**
 * The Record-Route values this gateway inserts (RFC 3261 §16.6 step 4), topmost first. When the
 * request leaves on another transport than it came in on, two values are written (RFC 5658 §4),
 * the one the callee uses on top: each names the flow towards the side it faces. With one transport
 * a single value names both flows; the request's arrival flow tells which one it goes to, or, when
 * it arrives on neither (a device that reconnected), its From tag compared with `ftag`, the caller's.
 */
export function recordRouteValues(
  inbound: RouteSide,
  outbound: RouteSide,
  context: OwnRouteContext,
  callerTag: string | null,
): string[] {
  if (inbound.protocol === outbound.protocol) {
    const value = ownRoute(context, inbound.protocol, [inbound.hop, outbound.hop]);
    return [callerTag ? withFromTag(value, callerTag) : value];
  }
  return [
    ownRoute(context, outbound.protocol, [outbound.hop]),
    ownRoute(context, inbound.protocol, [inbound.hop]),
  ];
}

/**
 * The Route value that hands a request to the instance owning the token's flows (RFC 5626 §5.3):
 * `host` is that instance's relay address within its edge, or its edge's public name from another
 * edge (any instance there hands it on to the owner).
 */
export function relayRouteValue(host: Endpoint, token: FlowToken, secret: Uint8Array): string {
  return routeValue(encodeFlowToken(secret, token), host.address, host.port, 'tcp');
}

/** A value without a token when neither side is named: the route set alone leads onwards. */
function ownRoute(
  context: OwnRouteContext,
  protocol: TransportProtocol,
  sides: readonly (FlowHop | null)[],
): string {
  const hops = sides.filter((hop) => hop !== null);
  const token = hops.length === 0 ? null : encodeFlowToken(context.secret, { owner: context.relay, hops });
  return routeValue(token, context.advertisedAddress, context.portFor(protocol), protocol);
}

/** A tag is a token, which may hold `%` and backquote: a URI parameter escapes them (RFC 3261 §19.1.2). */
function withFromTag(value: string, tag: string): string {
  return `${value.slice(0, -1)};${FROM_TAG_PARAM}=${escapeUriPart(tag, PARAM_CHARS)}>`;
}

function routeValue(
  token: string | null,
  address: string,
  port: number,
  protocol: TransportProtocol,
): string {
  const host = address.includes(':') ? `[${address}]` : address;
  return `<sip:${token === null ? '' : `${token}@`}${host}:${port};transport=${protocol};lr;ob>`;
}
