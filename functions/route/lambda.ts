import type { HandlerEvent, HandlerResult } from '#sip/contract/handler-events.js';
import { DIGEST_DEFAULTS } from '../shared/digest/digest-settings.js';
import { createDynamoClients } from '../shared/dynamo-client.js';
import { loadRouteEnv } from '../shared/env.js';
import { ConfigError } from '../shared/errors.js';
import { fetchNonceSecret } from '../shared/nonce-secret.js';
import { createAuthDirectory } from '../shared/store/auth-directory.js';
import { createRouteHandler } from './route-handler.js';
import { ROUTE_DEFAULTS } from './route-settings.js';

/** Staleness and size of the module-scope directory cache (docs/data-model.md "Caches and staleness"). */
const DIRECTORY_CACHE = { cacheTtlMs: 5_000, maxCacheEntries: 10_000 } as const;

const env = loadRouteEnv();
const { doc } = createDynamoClients({ region: env.region });
const store = { doc, tableName: env.tableName };
const directory = createAuthDirectory({ store, ...DIRECTORY_CACHE, now: Date.now });

let router: Promise<(event: HandlerEvent) => Promise<HandlerResult>> | undefined;

/** Built on the first event of a cold start (the secret is fetched once); retried if that failed. */
function getRouter() {
  router ??= fetchNonceSecret(env.region, env.nonceSecretName).then((secret) =>
    createRouteHandler({
      store,
      directory,
      digest: {
        realm: env.realm,
        secret,
        nonceLifetimeMs: DIGEST_DEFAULTS.nonceLifetimeMs,
        algorithms: env.digestAlgorithms,
      },
      zone: env.zone,
      settings: ROUTE_DEFAULTS,
      carrierTrunk: env.carrierTrunk,
      now: Date.now,
    }),
  );
  router.catch(() => {
    router = undefined;
  });
  return router;
}

/** Lambda entry: the gateway of this edge invokes it with handler-contract events. */
export const handler = async (event: HandlerEvent): Promise<HandlerResult> => {
  // Calls are written only by the region routing them (docs/data-model.md).
  if (event.edge !== env.edge) throw new ConfigError(`event for edge ${event.edge} reached ${env.edge}`);
  return (await getRouter())(event);
};
