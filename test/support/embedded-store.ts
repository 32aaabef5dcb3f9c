import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoHttp, type DynamoCall } from '#functions/shared/store/dynamo-http.js';
import { ensureTable } from '#sip/local/embedded-store.js';
import { DYNALITE_CREDENTIALS, startDynaliteProcess } from './dynalite-process.js';
import { createSdkClients } from './sdk-clients.js';

/** A StoreContext over the embedded store, plus SDK clients for independent reads and writes. */
export interface TestStore {
  readonly dynamo: DynamoCall;
  readonly tableName: string;
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
  stop(): Promise<void>;
}

/**
 * An in-memory dynalite in a child process, reached over HTTP like DynamoDB on AWS, with the
 * SipEdge table created. Call stop() in afterAll.
 */
export async function startTestStore(tableName = 'sipedge-test'): Promise<TestStore> {
  const store = await startDynaliteProcess();
  const dynamo = createDynamoHttp({
    region: 'local',
    endpoint: store.endpoint,
    credentials: DYNALITE_CREDENTIALS,
  });
  await ensureTable(dynamo, tableName);
  const { client, doc } = createSdkClients(store.endpoint);
  return {
    dynamo,
    tableName,
    endpoint: store.endpoint,
    client,
    doc,
    stop: async () => {
      client.destroy();
      await store.stop();
    },
  };
}
