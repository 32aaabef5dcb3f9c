import { parseRouteEntry } from '../message/index.js';
import type { Flow, SendTarget } from '../transport/transport.js';
import { routeCSeqOffset } from './cseq-offset.js';
import { decodeFlowToken, type FlowHop } from './flow-token.js';
import { flowTarget, uriTarget } from './next-hop.js';
import type { PreprocessedRoute } from './preprocess-route.js';
import type { RejectionCode } from './rejections.js';

/** Where a request in transit goes (RFC 3261 §16.12 loose routing, RFC 5626 §5.3 flow tokens). */
export interface ForwardRoute {
  readonly send: SendTarget;
  readonly arrivedOn: FlowHop;
  /** Added to the CSeq of a caller's request in a dialog whose INVITE answered a challenge (cseq-offset.ts). */
  readonly cseqOffset: number;
}

/** What a request's route information says this gateway does with it, without asking a handler. */
export type RouteDecision =
  /** Not routed through this gateway: dispatched as a request for one of its domains. */
  | { readonly kind: 'local' }
  | ({ readonly kind: 'forward' } & ForwardRoute)
  | { readonly kind: 'reject'; readonly code: RejectionCode };

export interface RouteContext {
  readonly secret: Uint8Array;
  /** The flow the request arrived on, and where its responses go. */
  readonly arrival: Flow;
  readonly responseTarget: SendTarget;
  readonly lookupFlow: (flowId: string) => Flow | undefined;
}

/**
 * Decides where a request whose route set named this gateway goes (RFC 3261 §16.4 done):
 * 1. every flow token in the removed entries must verify, else 403 (RFC 5626 §5.3);
 * 2. the token of the last removed entry names the flow(s) it may take: the one it did not arrive on
 *    is used while it is open (RFC 5626 §5.3: "forward the request over that flow");
 * 3. else the next Route value (loose routing, §16.12), else the token's endpoint, else the
 *    Request-URI (RFC 3263-lite); a flow that is gone with nowhere else to go is 430.
 * A request is routed when this gateway removed an entry and a token, a further Route value or a
 * To tag says it is in transit; otherwise it is dispatched locally. A caller's removed entries may
 * carry the dialog's CSeq offset (cseq-offset.ts).
 */
export function decideRoute(route: PreprocessedRoute, context: RouteContext): RouteDecision {
  const { popped, remaining, request } = route;
  let lastHops: FlowHop[] | null = null;
  for (const uri of popped) {
    if (uri.user === null) {
      lastHops = null;
      continue;
    }
    const hops = decodeFlowToken(context.secret, uri.user);
    if (!hops.ok) return { kind: 'reject', code: 'invalidFlowToken' };
    lastHops = hops.value;
  }
  const inDialog = request.base.to.tag !== null;
  if (popped.length === 0 || (lastHops === null && remaining.length === 0 && !inDialog))
    return { kind: 'local' };
  const arrivedOn: FlowHop = {
    flowId: context.arrival.id,
    target: withoutFlowId(context.responseTarget),
  };
  const forward = (send: SendTarget): RouteDecision => ({
    kind: 'forward',
    send,
    arrivedOn,
    cseqOffset: routeCSeqOffset(popped),
  });
  const onward = (lastHops ?? []).filter((hop) => !isArrival(hop, context.arrival));
  const hop = onward.length === 1 ? onward[0] : undefined;
  const flow = hop?.flowId ? context.lookupFlow(hop.flowId) : undefined;
  if (flow !== undefined) return forward(flowTarget(flow));
  const next = remaining[0];
  if (next !== undefined) {
    const entry = parseRouteEntry(next);
    const send = entry.ok ? uriTarget(entry.value.uri) : null;
    return send === null ? { kind: 'reject', code: 'unresolvableTarget' } : forward(send);
  }
  // A closed UDP flow still leads to its endpoint; a closed connection does not (RFC 5626 §5.3: 430).
  if (hop?.target && (hop.flowId === null || hop.target.protocol === 'udp')) {
    return forward(hop.target);
  }
  if (hop?.flowId) return { kind: 'reject', code: 'flowFailed' };
  const send = uriTarget(request.uri);
  return send === null ? { kind: 'reject', code: 'unresolvableTarget' } : forward(send);
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
