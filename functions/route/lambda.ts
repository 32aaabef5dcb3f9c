import { DIGEST_DEFAULTS } from '../shared/digest/digest-settings.js';
import { edgeLambda } from '../shared/edge-lambda.js';
import { loadRouteEnv } from '../shared/env.js';
import { createAuthDirectory } from '../shared/store/auth-directory.js';
import { createDynamoHttp } from '../shared/store/dynamo-http.js';
import { createRouteHandler } from './route-handler.js';
import { ROUTE_DEFAULTS } from './route-settings.js';

/** Staleness and size of the module-scope directory cache (docs/data-model.md "Caches and staleness"). */
const DIRECTORY_CACHE = { cacheTtlMs: 5_000, maxCacheEntries: 10_000 } as const;

const env = loadRouteEnv();
const store = {
  dynamo: createDynamoHttp({ region: env.region, endpoint: env.dynamoEndpoint }),
  tableName: env.tableName,
};
const directory = createAuthDirectory({ store, ...DIRECTORY_CACHE, now: Date.now });

/** Lambda entry: the gateway of this edge invokes it with handler-contract events. */
export const handler = edgeLambda({
  region: env.region,
  edge: env.edge,
  nonceSecretName: env.nonceSecretName,
  build: (secret) =>
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
});
