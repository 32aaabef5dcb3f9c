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
  readonly flowId: string;
  /** Epoch milliseconds at which the gateway received the request. */
  readonly receivedAtMs: number;
}

/** The handler's decision: a final or provisional response to send. */
export interface RespondResult {
  readonly version: typeof HANDLER_CONTRACT_VERSION;
  readonly action: 'respond';
  readonly status: number;
  readonly reason: string;
  readonly headers: readonly HeaderField[];
  readonly body?: string;
}

export type HandlerResult = RespondResult;

/** Checks the shape of a handler's answer before the gateway acts on it. */
export function isHandlerResult(value: unknown): value is HandlerResult {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    r.version === HANDLER_CONTRACT_VERSION &&
    r.action === 'respond' &&
    typeof r.status === 'number' &&
    Number.isInteger(r.status) &&
    r.status >= 100 &&
    r.status <= 699 &&
    typeof r.reason === 'string' &&
    Array.isArray(r.headers) &&
    r.headers.every(
      (h: unknown) =>
        typeof h === 'object' &&
        h !== null &&
        typeof (h as HeaderField).name === 'string' &&
        typeof (h as HeaderField).value === 'string',
    ) &&
    (r.body === undefined || typeof r.body === 'string')
  );
}
