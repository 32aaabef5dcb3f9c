import type { HandlerEvent, HandlerResult } from '#sip/contract/handler-events.js';
import { DIGEST_DEFAULTS } from '../shared/digest/digest-settings.js';
import { createDynamoClients } from '../shared/dynamo-client.js';
import { loadRegisterEnv } from '../shared/env.js';
import { ConfigError } from '../shared/errors.js';
import { fetchNonceSecret } from '../shared/nonce-secret.js';
import { createAuthDirectory } from '../shared/store/auth-directory.js';
import { createRegisterHandler } from './register-handler.js';
import { REGISTRAR_DEFAULTS } from './registrar-settings.js';

/** Staleness and size of the module-scope directory cache (docs/data-model.md "Caches and staleness"). */
const DIRECTORY_CACHE = { cacheTtlMs: 5_000, maxCacheEntries: 10_000 } as const;

const env = loadRegisterEnv();
const { doc } = createDynamoClients({ region: env.region });
const store = { doc, tableName: env.tableName };
const directory = createAuthDirectory({ store, ...DIRECTORY_CACHE, now: Date.now });

let registrar: Promise<(event: HandlerEvent) => Promise<HandlerResult>> | undefined;

/** Built on the first event of a cold start (the secret is fetched once); retried if that failed. */
function getRegistrar() {
  registrar ??= fetchNonceSecret(env.region, env.nonceSecretName).then((secret) =>
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
  );
  registrar.catch(() => {
    registrar = undefined;
  });
  return registrar;
}

/** Lambda entry: the gateway of this edge invokes it with handler-contract events. */
export const handler = async (event: HandlerEvent): Promise<HandlerResult> => {
  // Only this edge's items may be written here (one writer per item across the global table).
  if (event.edge !== env.edge) throw new ConfigError(`event for edge ${event.edge} reached ${env.edge}`);
  return (await getRegistrar())(event);
};
