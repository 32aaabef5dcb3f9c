import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { HandlerEvent, HandlerResult } from '#sip/contract/handler-events.js';
import { DIGEST_DEFAULTS } from '../shared/digest/digest-settings.js';
import { createDynamoClients } from '../shared/dynamo-client.js';
import { loadRegisterEnv } from '../shared/env.js';
import { ConfigError } from '../shared/errors.js';
import { createAuthDirectory } from '../shared/store/auth-directory.js';
import { createRegisterHandler } from './register-handler.js';
import { REGISTRAR_DEFAULTS } from './registrar-settings.js';

/** Staleness and size of the module-scope directory cache (docs/data-model.md "Caches and staleness"). */
const DIRECTORY_CACHE = { cacheTtlMs: 5_000, maxCacheEntries: 10_000 } as const;

const env = loadRegisterEnv();
const { doc } = createDynamoClients({ region: env.region });
const store = { doc, tableName: env.tableName };
const directory = createAuthDirectory({ store, ...DIRECTORY_CACHE, now: Date.now });

/** The nonce HMAC key: the secret string's UTF-8 bytes, exactly as the gateways use it. */
async function fetchNonceSecret(): Promise<Uint8Array> {
  const client = new SecretsManagerClient({ region: env.region });
  try {
    const out = await client.send(new GetSecretValueCommand({ SecretId: env.nonceSecretName }));
    if (out.SecretString === undefined) throw new ConfigError(`${env.nonceSecretName} has no SecretString`);
    return Buffer.from(out.SecretString, 'utf8');
  } finally {
    client.destroy();
  }
}

let registrar: Promise<(event: HandlerEvent) => Promise<HandlerResult>> | undefined;

/** Built on the first event of a cold start (the secret is fetched once); retried if that failed. */
function getRegistrar() {
  registrar ??= fetchNonceSecret().then((secret) =>
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
