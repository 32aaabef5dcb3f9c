import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDynamoClients } from '#functions/shared/dynamo-client.js';
import { ensureTable, startEmbeddedStore } from '#sip/local/embedded-store.js';

describe('embedded store', () => {
  it('persists items under <dataDir>/dynamodb across restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sipedge-store-'));
    try {
      const first = await startEmbeddedStore({ dataDir, memory: false });
      const a = createDynamoClients({ region: 'local', endpoint: first.endpoint });
      await ensureTable(a.client, 'tbl');
      await ensureTable(a.client, 'tbl');
      await a.doc.send(new PutCommand({ TableName: 'tbl', Item: { pk: 'x', sk: 'y', v: 1 } }));
      a.client.destroy();
      await first.stop();

      const second = await startEmbeddedStore({ dataDir, memory: false });
      const b = createDynamoClients({ region: 'local', endpoint: second.endpoint });
      const got = await b.doc.send(new GetCommand({ TableName: 'tbl', Key: { pk: 'x', sk: 'y' } }));
      b.client.destroy();
      await second.stop();
      expect(second.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(got.Item?.v).toBe(1);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
