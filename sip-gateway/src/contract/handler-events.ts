/**
 * The contract between the gateway and the handlers (Lambda or in-process): plain JSON values,
 * versioned so a gateway and a handler of different releases can tell they disagree.
 */
import type { EdgeName } from '../config/edges.js';
import type { TransportProtocol } from '../transport/transport.js';

export const HANDLER_CONTRACT_VERSION = 1;

export type HandlerName = 'register' | 'route' | 'auth';

export interface HeaderField {
  readonly name: string;
  readonly value: string;
}

/** One SIP request as a handler sees it. */
export interface SipRequestEvent {
  readonly version: typeof HANDLER_CONTRACT_VERSION;
  readonly type: 'sip-request';
  readonly handler: HandlerName;
  readonly method: string;
  readonly requestUri: string;
  /** The headers a handler needs, canonical names, in received order (Via excluded). */
  readonly headers: readonly HeaderField[];
  /** The whole message as received, latin1-decoded so every octet survives JSON. */
  readonly raw: string;
  readonly transport: TransportProtocol;
  readonly source: { readonly address: string; readonly port: number };
  readonly edge: EdgeName;
  readonly instanceId: string;
  /** `host:port` at which other gateways reach this instance to send requests over its flows. */
  readonly relayAddress: string;
  readonly flowId: string;
  /** Epoch milliseconds at which the gateway received the request. */
  readonly receivedAtMs: number;
  /**
   * The highest nonce-count this gateway already accepted for the nonce in the request's
   * credentials, if any: a count not above it is a replay (RFC 7616 §3.4).
   */
  readonly acceptedNonceCount?: number;
}

/**
 * A TCP/TLS flow closed: the bindings registered over it can no longer be reached
 * (RFC 5626 §5), so the registrar removes them.
 */
export interface FlowClosedEvent {
  readonly version: typeof HANDLER_CONTRACT_VERSION;
  readonly type: 'flow-closed';
  readonly handler: 'register';
  readonly edge: EdgeName;
  readonly instanceId: string;
  readonly flowId: string;
  /** The `flowBinding.key` values the registrar returned for requests on this flow. */
  readonly bindingKeys: readonly string[];
}

export type HandlerEvent = SipRequestEvent | FlowClosedEvent;

/** What digest authentication concluded, for the gateway's replay and brute-force guards. */
export type AuthOutcome =
  | { readonly outcome: 'accepted'; readonly nonce: string; readonly nonceCount: number }
  | { readonly outcome: 'rejected' };

/** The handler's decision: a final or provisional response to send. */
export interface RespondResult {
  readonly version: typeof HANDLER_CONTRACT_VERSION;
  readonly action: 'respond';
  readonly status: number;
  readonly reason: string;
  readonly headers: readonly HeaderField[];
  readonly body?: string;
  /** Set when the request carried credentials the handler checked. */
  readonly auth?: AuthOutcome;
  /**
   * Set by the registrar: whether bindings of `key` now live on the request's flow. The gateway
   * remembers active keys per flow and sends them in a `flow-closed` event when the flow closes.
   */
  readonly flowBinding?: { readonly key: string; readonly active: boolean };
}

/** The answer to an event that needs no SIP response (`flow-closed`). */
export interface DoneResult {
  readonly version: typeof HANDLER_CONTRACT_VERSION;
  readonly action: 'done';
}

export type HandlerResult = RespondResult | DoneResult;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

const isHeaderField = (h: unknown): boolean =>
  isObject(h) && typeof h.name === 'string' && typeof h.value === 'string';

const isAuthOutcome = (a: unknown): boolean =>
  isObject(a) &&
  (a.outcome === 'rejected' ||
    (a.outcome === 'accepted' && typeof a.nonce === 'string' && Number.isInteger(a.nonceCount)));

const isFlowBinding = (f: unknown): boolean =>
  isObject(f) && typeof f.key === 'string' && typeof f.active === 'boolean';

/** Checks the shape of a handler's answer before the gateway acts on it. */
export function isHandlerResult(value: unknown): value is HandlerResult {
  if (!isObject(value) || value.version !== HANDLER_CONTRACT_VERSION) return false;
  if (value.action === 'done') return true;
  const r = value;
  return (
    r.action === 'respond' &&
    typeof r.status === 'number' &&
    Number.isInteger(r.status) &&
    r.status >= 100 &&
    r.status <= 699 &&
    typeof r.reason === 'string' &&
    Array.isArray(r.headers) &&
    r.headers.every(isHeaderField) &&
    (r.body === undefined || typeof r.body === 'string') &&
    (r.auth === undefined || isAuthOutcome(r.auth)) &&
    (r.flowBinding === undefined || isFlowBinding(r.flowBinding))
  );
}
