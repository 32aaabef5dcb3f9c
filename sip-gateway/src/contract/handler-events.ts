/**
 * The contract between the gateway and the handlers (Lambda or in-process): plain JSON values,
 * versioned so a gateway and a handler of different releases can tell they disagree.
 */
import { type EdgeName, isEdgeName } from '../config/edges.js';
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

/** How a `<Dial>` ended (Twilio's DialCallStatus and the SIP details of the winning branch). */
export interface DialOutcome {
  readonly dialCallStatus: 'completed' | 'answered' | 'busy' | 'no-answer' | 'failed' | 'canceled';
  /** Seconds from answer to hang-up; 0 when not answered. */
  readonly dialCallDurationSec: number;
  /** The final status the caller would get from the best branch (RFC 3261 §16.7), or 200. */
  readonly sipResponseCode: number;
  /** Call-ID of the answered (or best) branch. */
  readonly sipCallId: string | null;
  /** X- headers of the winning branch's final response (for DialSipHeader_*). */
  readonly headers: readonly HeaderField[];
}

/**
 * A proxied call reached a point the route handler asked to hear about: the `<Dial>` finished
 * (answered calls report when they end), or the caller hung up or cancelled. The handler answers
 * with what the call does next (another `respond`/`proxy`), or `done`.
 */
export interface CallProgressEvent {
  readonly version: typeof HANDLER_CONTRACT_VERSION;
  readonly type: 'call-progress';
  readonly handler: 'route';
  readonly edge: EdgeName;
  readonly instanceId: string;
  readonly callSid: string;
  /** The `continuation` of the ProxyResult, returned unchanged. */
  readonly continuation: string;
  readonly outcome: DialOutcome;
  /** Whether the caller's INVITE still awaits a final response (the handler may still answer it). */
  readonly callerAwaitingAnswer: boolean;
  /** Epoch ms: when the caller's call was answered (null if never) and when it ended (null if still up). */
  readonly answeredAtMs: number | null;
  readonly endedAtMs: number | null;
}

export type HandlerEvent = SipRequestEvent | FlowClosedEvent | CallProgressEvent;

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

/** One branch of a `<Dial>`: where the INVITE goes and how. */
export interface ProxyTarget {
  /** Request-URI of the branch: the registered contact, or the dialed SIP URI. */
  readonly uri: string;
  /**
   * Where to send it when that is not the URI's own host: the address a binding registered from
   * (RFC 3581 received/rport, for devices behind NAT).
   */
  readonly destination?: {
    readonly transport: TransportProtocol;
    readonly address: string;
    readonly port: number;
  };
  /**
   * The binding's flow on its gateway instance (RFC 5626 §5.2: requests to the device reuse it).
   * `relayAddress` is reachable only from that instance's own edge; from another edge the request
   * goes to the edge's public entry, which hands it to the instance.
   */
  readonly flow?: {
    readonly edge: EdgeName;
    readonly instanceId: string;
    readonly flowId: string;
    readonly relayAddress: string;
  };
  /** Path of the binding (RFC 3327 §5.3): becomes the branch's route set. */
  readonly path?: readonly string[];
  /** Headers added to this branch's INVITE (X- headers from `<Sip>` URI headers). */
  readonly headers?: readonly HeaderField[];
  /** `<Sip username password>`: answer a 401/407 from the far end once (RFC 3261 §22.2). */
  readonly credentials?: { readonly username: string; readonly password: string };
}

/** Fork the caller's INVITE to every target in parallel; the first 2xx wins (RFC 3261 §16). */
export interface ProxyResult {
  readonly version: typeof HANDLER_CONTRACT_VERSION;
  readonly action: 'proxy';
  readonly callSid: string;
  /** At most 10, rung at once. Empty: the dial fails at once as no-answer. */
  readonly targets: readonly ProxyTarget[];
  /** `<Dial timeout>`: seconds before unanswered branches are cancelled. */
  readonly timeoutSec: number;
  /** `<Dial timeLimit>`: the longest the bridged call may last, in seconds. */
  readonly timeLimitSec: number;
  /** `<Pause>` before the `<Dial>`, in ms. */
  readonly delayMs?: number;
  /** Display user for From on the branches (`<Dial callerId>`). */
  readonly callerId?: string;
  /** Opaque state the gateway returns in the call-progress event (stateless handlers). */
  readonly continuation: string;
  /** Set when the INVITE carried credentials the handler accepted (replay and brute-force guards). */
  readonly auth?: AuthOutcome;
}

/** The answer to an event that needs no SIP response (`flow-closed`). */
export interface DoneResult {
  readonly version: typeof HANDLER_CONTRACT_VERSION;
  readonly action: 'done';
}

export type HandlerResult = RespondResult | ProxyResult | DoneResult;

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
  if (value.action === 'proxy') return isProxyResult(value);
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

const isEndpoint = (d: unknown): boolean =>
  isObject(d) &&
  (d.transport === 'udp' || d.transport === 'tcp' || d.transport === 'tls') &&
  typeof d.address === 'string' &&
  Number.isInteger(d.port);

const isFlowRef = (f: unknown): boolean =>
  isObject(f) &&
  typeof f.edge === 'string' &&
  isEdgeName(f.edge) &&
  typeof f.instanceId === 'string' &&
  typeof f.flowId === 'string' &&
  typeof f.relayAddress === 'string';

const isCredentials = (c: unknown): boolean =>
  isObject(c) && typeof c.username === 'string' && typeof c.password === 'string';

const isProxyTarget = (t: unknown): boolean =>
  isObject(t) &&
  typeof t.uri === 'string' &&
  (t.destination === undefined || isEndpoint(t.destination)) &&
  (t.flow === undefined || isFlowRef(t.flow)) &&
  (t.credentials === undefined || isCredentials(t.credentials)) &&
  (t.headers === undefined || (Array.isArray(t.headers) && t.headers.every(isHeaderField))) &&
  (t.path === undefined || (Array.isArray(t.path) && t.path.every((p) => typeof p === 'string')));

function isProxyResult(r: Record<string, unknown>): boolean {
  return (
    typeof r.callSid === 'string' &&
    Array.isArray(r.targets) &&
    r.targets.length <= 10 &&
    r.targets.every(isProxyTarget) &&
    typeof r.timeoutSec === 'number' &&
    typeof r.timeLimitSec === 'number' &&
    typeof r.continuation === 'string' &&
    (r.auth === undefined || isAuthOutcome(r.auth))
  );
}
