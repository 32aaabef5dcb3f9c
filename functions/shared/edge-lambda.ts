import type { HandlerEvent, HandlerResult } from '#sip/contract/handler-events.js';
import { DIGEST_DEFAULTS, type DigestSettings } from './digest/digest-settings.js';
import type { RegisterEnv } from './env.js';
import { ConfigError } from './errors.js';
import { fetchNonceSecret } from './nonce-secret.js';
import { type AuthDirectory, createAuthDirectory } from './store/auth-directory.js';
import { createDynamoHttp } from './store/dynamo-http.js';
import type { StoreContext } from './store/store-context.js';

type SipHandler = (event: HandlerEvent) => Promise<HandlerResult>;

/** Staleness and size of the module-scope directory cache (docs/data-model.md "Caches and staleness"). */
const DIRECTORY_CACHE = { cacheTtlMs: 5_000, maxCacheEntries: 10_000 } as const;

/** What every edge handler is built from: the store, its directory cache and the digest settings. */
export interface EdgeHandlerDeps {
  readonly store: StoreContext;
  readonly directory: AuthDirectory;
  readonly digest: DigestSettings;
  readonly zone: string;
  readonly now: () => number;
}

/** Builds the handler once the nonce secret is known (module scope: once per cold start). */
export type EdgeHandlerBuilder = (deps: EdgeHandlerDeps) => SipHandler;

/** An edge Lambda entry from its environment: store and directory live for the container's life. */
export function edgeLambdaFromEnv(env: RegisterEnv, build: EdgeHandlerBuilder): SipHandler {
  const store = {
    dynamo: createDynamoHttp({ region: env.region, endpoint: env.dynamoEndpoint }),
    tableName: env.tableName,
  };
  const directory = createAuthDirectory({ store, ...DIRECTORY_CACHE, now: Date.now });
  return edgeLambda({
    region: env.region,
    edge: env.edge,
    nonceSecretName: env.nonceSecretName,
    build: (secret) =>
      build({
        store,
        directory,
        digest: {
          realm: env.realm,
          secret,
          nonceLifetimeMs: DIGEST_DEFAULTS.nonceLifetimeMs,
          algorithms: env.digestAlgorithms,
        },
        zone: env.zone,
        now: Date.now,
      }),
  });
}

interface EdgeLambdaOptions {
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
function edgeLambda(options: EdgeLambdaOptions): SipHandler {
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
