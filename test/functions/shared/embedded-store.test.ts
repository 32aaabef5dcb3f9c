import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoHttp, type DynamoCall } from '#functions/shared/store/dynamo-http.js';
import { getItem, putItem } from '#functions/shared/store/table-operations.js';
import { type EmbeddedStore, ensureTable, startEmbeddedStore } from '#sip/local/embedded-store.js';
import {
  DYNALITE_CREDENTIALS,
  type DynaliteProcess,
  startDynaliteProcess,
} from '#test/support/dynalite-process.js';

describe('embedded store (dynalite on a worker thread)', () => {
  it('persists items under <dataDir>/dynamodb across restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sipedge-store-'));
    try {
      const first = startEmbeddedStore({ dataDir, memory: false });
      await ensureTable(first.dynamo, 'tbl');
      await ensureTable(first.dynamo, 'tbl');
      await putItem(
        { dynamo: first.dynamo, tableName: 'tbl' },
        { TableName: 'tbl', Item: { pk: 'x', sk: 'y', v: 1 } },
      );
      await first.stop();

      const second = startEmbeddedStore({ dataDir, memory: false });
      const got = await getItem(
        { dynamo: second.dynamo, tableName: 'tbl' },
        { TableName: 'tbl', Key: { pk: 'x', sk: 'y' } },
      );
      await second.stop();
      expect(got.Item?.v).toBe(1);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  describe('answers exactly as dynalite over HTTP', () => {
    let worker: EmbeddedStore;
    let server: DynaliteProcess;
    let http: DynamoCall;
    beforeAll(async () => {
      worker = startEmbeddedStore({ memory: true });
      server = await startDynaliteProcess();
      http = createDynamoHttp({
        region: 'local',
        endpoint: server.endpoint,
        credentials: DYNALITE_CREDENTIALS,
      });
      await ensureTable(worker.dynamo, 'tbl');
      await ensureTable(http, 'tbl');
    });
    afterAll(async () => {
      await worker.stop();
      await server.stop();
    });

    /** The same operation on both; a failure compares by error name and message. */
    const both = async (operation: Parameters<DynamoCall>[0], body: object) => {
      const outcome = (call: DynamoCall) =>
        call(operation, body).then(
          (out) => ({ out }),
          (error: Error) => ({ error: `${error.name}: ${error.message}` }),
        );
      const [viaWorker, viaHttp] = await Promise.all([outcome(worker.dynamo), outcome(http)]);
      expect(viaWorker).toEqual(viaHttp);
      return viaWorker;
    };

    it('for item writes, reads, queries, conditions and validation errors', async () => {
      const item = {
        pk: { S: 'B#d#alice' },
        sk: { S: 'E#ashburn' },
        gsi1pk: { S: 'D' },
        gsi1sk: { S: 'alice' },
        version: { N: '1' },
      };
      await both('PutItem', {
        TableName: 'tbl',
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk)',
      });
      expect(
        await both('PutItem', {
          TableName: 'tbl',
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ).toEqual({ error: 'ConditionalCheckFailedException: The conditional request failed' });
      expect(
        await both('GetItem', { TableName: 'tbl', Key: { pk: item.pk, sk: item.sk }, ConsistentRead: true }),
      ).toEqual({ out: { Item: item } });
      await both('Query', {
        TableName: 'tbl',
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': item.pk },
        ConsistentRead: true,
      });
      await both('Query', {
        TableName: 'tbl',
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': { S: 'D' } },
      });
      await both('UpdateItem', {
        TableName: 'tbl',
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: 'SET version = version + :one',
        ExpressionAttributeValues: { ':one': { N: '1' } },
        ReturnValues: 'ALL_NEW',
      });
      await both('DeleteItem', {
        TableName: 'tbl',
        Key: { pk: item.pk, sk: item.sk },
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ':v': { N: '7' } },
      });
      await both('GetItem', { TableName: 'tbl', Key: { pk: item.pk } });
      await both('GetItem', { TableName: 'missing', Key: { pk: item.pk, sk: item.sk } });
      await both('Query', { TableName: 'tbl', KeyConditionExpression: 'nope(' });
    });
  });
});
