import { createDynamoClients } from '#functions/shared/dynamo-client.js';
import { loadAdminEnv } from '#functions/shared/env.js';
import { createAdminHandler } from './admin-handler.js';

/** Lambda entry (API Gateway HTTP API, payload v2): deps are built once per cold start from env. */
const env = loadAdminEnv();
const { doc } = createDynamoClients({ region: env.region });

export const handler = createAdminHandler({
  doc,
  tableName: env.tableName,
  zone: env.zone,
  realm: env.realm,
  clock: Date.now,
});
