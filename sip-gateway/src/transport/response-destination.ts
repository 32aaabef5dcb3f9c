import { setParam } from '../message/header-params.js';
import { makeVia } from '../message/headers/via.js';
import type { Via } from '../message/types.js';
import { normalizeAddress } from './address.js';
import type { Flow, SendTarget } from './transport.js';

/** RFC 3261 §18.2.2 default ports when sent-by has none. */
const DEFAULT_PORT = { udp: 5060, tcp: 5060, tls: 5061 } as const;

/** Values to stamp on the top Via of a received request; null means leave that parameter alone. */
export interface ViaReceivedParams {
  readonly received: string | null;
  readonly rport: number | null;
}

/**
 * What the server transport adds to the top Via when a request arrives.
 * RFC 3261 §18.2.1: "received" is added when the sent-by host is a domain name or an address
 * that differs from the packet source address.
 * RFC 3581 §4: an "rport" without a value MUST be set to the source port, and then "received"
 * MUST be added even when it equals sent-by.
 */
export function viaReceivedParams(via: Via, flow: Flow): ViaReceivedParams {
  const source = flow.remote;
  const rportRequested = via.rport === true;
  const sentByDiffers = normalizeAddress(via.host) !== source.address;
  return {
    received: sentByDiffers || rportRequested ? source.address : null,
    rport: rportRequested ? source.port : null,
  };
}

/** `via` with `viaReceivedParams` applied; the same value when there is nothing to stamp. */
export function stampReceived(via: Via, flow: Flow): Via {
  const { received, rport } = viaReceivedParams(via, flow);
  if (received === null && rport === null) return via;
  let params = via.params;
  if (received !== null) params = setParam(params, 'received', received);
  if (rport !== null) params = setParam(params, 'rport', String(rport));
  const stamped = makeVia({ ...via, params });
  // The values come from a socket address, so they are always well formed.
  return stamped.ok ? stamped.value : via;
}

/**
 * Where to send responses to a request whose top Via is `via` and that arrived on `flow`
 * (RFC 3261 §18.2.2, RFC 3581 §4). `via` may be as received or already stamped; the source
 * address and port come from the flow either way.
 */
export function responseDestination(via: Via, flow: Flow): SendTarget {
  const { protocol, remote } = flow;
  const sentByPort = via.port ?? DEFAULT_PORT[protocol];
  // §18.2.2: "received" holds the source address; when absent, sent-by equals it.
  const received = via.received === null ? remote.address : normalizeAddress(via.received);
  if (protocol !== 'udp') {
    // §18.2.2: reliable transport: the response MUST be sent on the connection the request came
    // on if it is still open; otherwise open one to "received" and the sent-by port.
    return { protocol, address: received, port: sentByPort, flowId: flow.id };
  }
  if (via.maddr !== null) {
    // §18.2.2: "maddr": send to that address, sent-by port or 5060 (RFC 3581 §4 ignores rport here).
    return { protocol, address: normalizeAddress(via.maddr), port: sentByPort };
  }
  if (via.rport !== null) {
    // RFC 3581 §4: unreliable unicast with rport: MUST send to "received" and the rport port,
    // from the address and port the request arrived on (our one UDP socket).
    return { protocol, address: received, port: via.rport === true ? remote.port : via.rport };
  }
  // §18.2.2: otherwise "received" (or sent-by) and the sent-by port, or 5060.
  return { protocol, address: received, port: sentByPort };
}
