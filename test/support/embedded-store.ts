import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoClients } from '#functions/shared/dynamo-client.js';
import { ensureTable, startEmbeddedStore } from '#sip/local/embedded-store.js';

export interface TestStore {
  readonly client: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** An in-memory dynalite in a child process with the SipEdge table created. Call stop() in afterAll. */
export async function startTestStore(tableName = 'sipedge-test'): Promise<TestStore> {
  const store = await startEmbeddedStore({ memory: true });
  const { client, doc } = createDynamoClients({ region: 'local', endpoint: store.endpoint });
  await ensureTable(client, tableName);
  return {
    client,
    doc,
    tableName,
    endpoint: store.endpoint,
    stop: async () => {
      client.destroy();
      await store.stop();
    },
  };
}
