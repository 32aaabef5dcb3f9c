import { locationPlan } from '../dns/location-plan.js';
import { getParam, parseRouteEntry } from '../message/index.js';
import type { Uri } from '../message/types.js';
import type { Endpoint, Flow, SendTarget } from '../transport/transport.js';
import { routeCSeqOffset } from './cseq-offset.js';
import { decodeFlowToken, type FlowHop, type FlowToken } from './flow-token.js';
import { sameEndpoint } from './host-port.js';
import { flowTarget } from './next-hop.js';
import type { PreprocessedRoute } from './preprocess-route.js';
import { FROM_TAG_PARAM } from './record-route.js';
import type { RejectionCode } from './rejections.js';

/** How a request in transit leaves, its next hop aside (RFC 3261 §16.12, RFC 5626 §5.3). */
export interface TransitRoute {
  /**
   * The side the request came from, named in the Record-Route of an initial request; null when
   * another gateway instance handed it over (its way back is the route set, not that relay flow).
   */
  readonly arrivedOn: FlowHop | null;
  /** Added to the CSeq of a caller's request in a dialog whose INVITE answered a challenge (cseq-offset.ts). */
  readonly cseqOffset: number;
  /**
   * The flow belongs to another instance of this edge: the request is handed to it (`send` is its
   * relay address) with this token in a relay Route; the owner record-routes, this instance does not.
   */
  readonly handOff: FlowToken | null;
}

/** Where a request in transit goes. */
export interface ForwardRoute extends TransitRoute {
  readonly send: SendTarget;
  /** RFC 3263 §4.3: further servers of the next hop, tried in turn when `send` fails. */
  readonly alternates: readonly SendTarget[];
}

/** What a request's route information says this gateway does with it, without asking a handler. */
export type RouteDecision =
  /** Not routed through this gateway: dispatched as a request for one of its domains. */
  | { readonly kind: 'local' }
  | ({ readonly kind: 'forward' } & ForwardRoute)
  | { readonly kind: 'reject'; readonly code: RejectionCode };

/** The next hop is a host name: the caller finds its servers (RFC 3263 §4) before forwarding. */
export type LocateRoute = { readonly kind: 'locate'; readonly uri: Uri } & TransitRoute;

export interface RouteContext {
  readonly secret: Uint8Array;
  /** This instance's relay address: tokens naming another owner are handed to it. */
  readonly self: Endpoint;
  /** The flow the request arrived on, and where its responses go. */
  readonly arrival: Flow;
  readonly responseTarget: SendTarget;
  readonly lookupFlow: (flowId: string) => Flow | undefined;
}

/**
 * Decides where a request whose route set named this gateway goes (RFC 3261 §16.4 done):
 * 1. every flow token in the removed entries must verify, else 403 (RFC 5626 §5.3);
 * 2. the token of the last removed entry names the flow(s) it may take: the one it did not arrive on,
 *    or, arriving on none, the one that is a flow ("forward the request over that flow", RFC 5626
 *    §5.3); a flow of another instance is handed to that instance, one of this instance is used
 *    while it is open;
 * 3. else the next Route value (loose routing, §16.12), else the token's endpoint, else the
 *    Request-URI; a host name among them is located by the caller (RFC 3263); a flow that is gone
 *    with nowhere else to go is 430.
 * A request is routed when this gateway removed an entry and a token, a further Route value or a
 * To tag says it is in transit; otherwise it is dispatched locally. An initial request with a token
 * was handed over by another instance (a relay Route). A caller's removed entries may carry the
 * dialog's CSeq offset (cseq-offset.ts).
 */
export function decideRoute(route: PreprocessedRoute, context: RouteContext): RouteDecision | LocateRoute {
  const { popped, remaining, request } = route;
  let last: FlowToken | null = null;
  let callerTag: string | undefined;
  for (const uri of popped) {
    if (uri.user === null) {
      last = null;
      continue;
    }
    const token = decodeFlowToken(context.secret, uri.user);
    if (!token.ok) return { kind: 'reject', code: 'invalidFlowToken' };
    last = token.value;
    const tag = getParam(uri.params, FROM_TAG_PARAM);
    callerTag = typeof tag === 'string' ? tag : undefined;
  }
  const inDialog = request.base.to.tag !== null;
  if (popped.length === 0 || (last === null && remaining.length === 0 && !inDialog)) return { kind: 'local' };
  const transit: TransitRoute = {
    arrivedOn:
      last !== null && !inDialog
        ? null
        : { flowId: context.arrival.id, target: withoutFlowId(context.responseTarget) },
    cseqOffset: routeCSeqOffset(popped),
    handOff: null,
  };
  const fromCaller = callerTag === undefined ? undefined : request.base.from.tag === callerTag;
  const hop = last === null ? undefined : onwardHop(last.hops, context.arrival, fromCaller);
  if (last !== null && hop?.flowId && !sameEndpoint(last.owner, context.self)) {
    // RFC 5626 §5.3 behind a load balancer: only the owner holds the flow; same edge, same VPC.
    const send: SendTarget = { protocol: 'tcp', ...last.owner };
    return { kind: 'forward', ...transit, send, alternates: [], handOff: { owner: last.owner, hops: [hop] } };
  }
  const forward = (send: SendTarget): RouteDecision => ({
    kind: 'forward',
    ...transit,
    send,
    alternates: [],
  });
  const toUri = (uri: Uri): RouteDecision | LocateRoute => {
    const plan = locationPlan(uri);
    if (plan.kind === 'numeric') return forward(plan.target);
    return plan.kind === 'unsupported'
      ? { kind: 'reject', code: 'unresolvableTarget' }
      : { kind: 'locate', uri, ...transit };
  };
  const flow = hop?.flowId ? context.lookupFlow(hop.flowId) : undefined;
  if (flow !== undefined) return forward(flowTarget(flow));
  const next = remaining[0];
  if (next !== undefined) {
    const entry = parseRouteEntry(next);
    return entry.ok ? toUri(entry.value.uri) : { kind: 'reject', code: 'unresolvableTarget' };
  }
  // A closed UDP flow still leads to its endpoint; a closed connection does not (RFC 5626 §5.3: 430).
  if (hop?.target && (hop.flowId === null || hop.target.protocol === 'udp')) return forward(hop.target);
  if (hop?.flowId) return { kind: 'reject', code: 'flowFailed' };
  return toUri(request.uri);
}

/**
 * The hop a request goes on: the one it did not arrive over; arriving over neither, it came from
 * the network side, so it goes to the one that is a flow (RFC 5626 §5.3) when exactly one is, and
 * when both are, to the side its From tag says it is not from (`ftag` is the caller's tag).
 */
function onwardHop(
  hops: readonly FlowHop[],
  arrival: Flow,
  fromCaller: boolean | undefined,
): FlowHop | undefined {
  const onward = hops.filter((hop) => !isArrival(hop, arrival));
  if (onward.length === 1) return onward[0];
  if (onward.length !== hops.length) return undefined;
  const flows = onward.filter((hop) => hop.flowId !== null);
  if (flows.length === 1) return flows[0];
  // Both sides are flows: the caller's requests go to the callee's side (the second hop).
  if (hops.length === 2 && fromCaller !== undefined) return fromCaller ? hops[1] : hops[0];
  return undefined;
}

/** The request came in over this hop's flow, or from its endpoint. */
function isArrival(hop: FlowHop, arrival: Flow): boolean {
  if (hop.flowId !== null && hop.flowId === arrival.id) return true;
  const target = hop.target;
  return (
    target !== null &&
    target.protocol === arrival.protocol &&
    target.address === arrival.remote.address &&
    target.port === arrival.remote.port
  );
}

export function withoutFlowId(target: SendTarget): Omit<SendTarget, 'flowId'> {
  return { protocol: target.protocol, address: target.address, port: target.port };
}
