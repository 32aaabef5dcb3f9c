import type { HandlerEvent, HandlerResult } from '../contract/handler-events.js';

/** Why an invocation produced no usable result; the gateway maps each to a SIP status. */
export type InvokeFailure = 'not-configured' | 'timeout' | 'unavailable' | 'handler-error' | 'bad-result';

export type InvokeOutcome =
  | { readonly ok: true; readonly result: HandlerResult }
  | { readonly ok: false; readonly failure: InvokeFailure; readonly detail: string };

/** Runs a handler for one request: in-process locally, AWS Lambda in the cloud. */
export interface IHandlerInvoker {
  invoke(event: HandlerEvent): Promise<InvokeOutcome>;
}

export interface InvokerLimits {
  /** Overall deadline for one request, retries included. */
  readonly timeoutMs: number;
  /** Extra attempts after an `unavailable` failure, within the deadline. */
  readonly retries: number;
}
