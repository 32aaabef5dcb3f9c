import type { HandlerEvent, HandlerResult } from '#sip/contract/handler-events.js';
import { ConfigError } from './errors.js';
import { fetchNonceSecret } from './nonce-secret.js';

type SipHandler = (event: HandlerEvent) => Promise<HandlerResult>;

export interface EdgeLambdaOptions {
  readonly region: string;
  readonly edge: string;
  readonly nonceSecretName: string;
  /** Builds the handler once the nonce secret is known (module scope: once per cold start). */
  readonly build: (secret: Uint8Array) => SipHandler;
}

/**
 * The Lambda entry of an edge handler: the handler is built on the first event of a cold start
 * (the secret is fetched once, again only if that failed), and events of another edge are refused
 * (only this edge's items may be written here: one writer per item across the global table).
 */
export function edgeLambda(options: EdgeLambdaOptions): SipHandler {
  let built: Promise<SipHandler> | undefined;
  const get = () => {
    built ??= fetchNonceSecret(options.region, options.nonceSecretName).then(options.build);
    built.catch(() => {
      built = undefined;
    });
    return built;
  };
  return async (event) => {
    if (event.edge !== options.edge) {
      throw new ConfigError(`event for edge ${event.edge} reached ${options.edge}`);
    }
    return (await get())(event);
  };
}
