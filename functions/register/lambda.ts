import { DIGEST_DEFAULTS } from '../shared/digest/digest-settings.js';
import { edgeLambda } from '../shared/edge-lambda.js';
import { loadRegisterEnv } from '../shared/env.js';
import { createAuthDirectory } from '../shared/store/auth-directory.js';
import { createDynamoHttp } from '../shared/store/dynamo-http.js';
import { createRegisterHandler } from './register-handler.js';
import { REGISTRAR_DEFAULTS } from './registrar-settings.js';

/** Staleness and size of the module-scope directory cache (docs/data-model.md "Caches and staleness"). */
const DIRECTORY_CACHE = { cacheTtlMs: 5_000, maxCacheEntries: 10_000 } as const;

const env = loadRegisterEnv();
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
    createRegisterHandler({
      store,
      directory,
      digest: {
        realm: env.realm,
        secret,
        nonceLifetimeMs: DIGEST_DEFAULTS.nonceLifetimeMs,
        algorithms: env.digestAlgorithms,
      },
      zone: env.zone,
      settings: REGISTRAR_DEFAULTS,
      now: Date.now,
    }),
});
