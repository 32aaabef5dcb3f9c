import type { HeaderField } from '../contract/handler-events.js';
import { withHeaderValues, withTopValues } from '../message/header-lines.js';
import {
  formatFromTo,
  makeVia,
  withHeader,
  withMaxForwards,
  withRequestUri,
  withTopVia,
} from '../message/index.js';
import type { SipRequest, Uri, Via } from '../message/types.js';
import type { TransportProtocol } from '../transport/transport.js';

/** How one copy of a request is changed before it leaves (RFC 3261 §16.6 steps 1–8). */
export interface ForwardPlan {
  /** Step 2: the target's URI; absent when the Request-URI stays (in-dialog and relayed requests). */
  readonly requestUri?: Uri;
  /** Step 4: this gateway's Record-Route values, topmost first; empty to not record-route. */
  readonly recordRoute: readonly string[];
  /** Step 6: Route values pushed on top (the relay Route, the binding's Path, RFC 3327 §5.3). */
  readonly pushRoutes: readonly string[];
  /** Step 5: headers the target adds (`<Sip>` X- headers). */
  readonly addHeaders: readonly HeaderField[];
  /** `<Dial callerId>`: the From display name and user. */
  readonly callerId?: string;
  /** Step 8: this gateway's Via with the branch of the new client transaction. */
  readonly via: Via;
  /** Step 3: the Max-Forwards given when the request has none (RFC 3261: SHOULD be 70). */
  readonly maxForwardsDefault: number;
}

/**
 * Request forwarding, RFC 3261 §16.6: "make a copy of the received request" (step 1), update the
 * Request-URI (2), "decrement the Max-Forwards value by one", or add one (3), "insert a Record-Route
 * header field value ... before any existing Record-Route header field values" (4), add the
 * target's headers (5), push the route set (6) and "insert a Via header field value ... before the
 * existing Via header field values" (8). The body is never touched; Content-Length is written on
 * serialization (9).
 */
export function forwardRequest(request: SipRequest, plan: ForwardPlan): SipRequest {
  let copy = plan.requestUri === undefined ? request : withRequestUri(request, plan.requestUri);
  const hops = request.base.maxForwards;
  copy = withMaxForwards(copy, hops === null ? plan.maxForwardsDefault : hops - 1);
  copy = withTopValues(copy, 'Record-Route', plan.recordRoute);
  for (const header of plan.addHeaders) copy = withHeader(copy, header.name, header.value);
  if (plan.callerId !== undefined) copy = withCallerId(copy, plan.callerId);
  copy = withTopValues(copy, 'Route', plan.pushRoutes);
  return withTopVia(copy, plan.via);
}

/** `"callerId" <sip:callerId@host>;tag=…`: the From keeps its tag, so the dialog is unchanged. */
function withCallerId(request: SipRequest, callerId: string): SipRequest {
  const from = request.base.from;
  const uri = 'host' in from.uri ? { ...from.uri, user: callerId } : from.uri;
  return withHeaderValues(request, 'From', [formatFromTo({ ...from, displayName: callerId, uri })]);
}

/** This gateway's Via for a request leaving over `protocol` (RFC 3261 §18.1.1, RFC 3581 `rport`). */
export function ownVia(
  advertisedAddress: string,
  port: number,
  protocol: TransportProtocol,
  branch: string,
): Via {
  const host = advertisedAddress.includes(':') ? `[${advertisedAddress}]` : advertisedAddress;
  const via = makeVia({
    transport: protocol.toUpperCase(),
    host,
    port,
    params: [
      ['branch', branch],
      ['rport', null],
    ],
  });
  if (!via.ok) throw new Error(`own Via is malformed: ${via.error}`);
  return via.value;
}
