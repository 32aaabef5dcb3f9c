import { loadAdminEnv } from '#functions/shared/env.js';
import { createDynamoHttp } from '#functions/shared/store/dynamo-http.js';
import { createAdminHandler } from './admin-handler.js';

/** Lambda entry (API Gateway HTTP API, payload v2): deps are built once per cold start from env. */
const env = loadAdminEnv();

export const handler = createAdminHandler({
  dynamo: createDynamoHttp({ region: env.region, endpoint: env.dynamoEndpoint }),
  tableName: env.tableName,
  zone: env.zone,
  realm: env.realm,
  clock: Date.now,
});
