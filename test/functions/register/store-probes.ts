/**
 * StoreContexts over the embedded store that observe or interleave the registrar's operations:
 * every operation still runs against dynalite.
 */

import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoOperation } from '#functions/shared/store/dynamo-http.js';
import type { StoreContext } from '#functions/shared/store/store-context.js';
import type { TestStore } from '#test/support/embedded-store.js';

export interface ProbedStore {
  readonly ctx: StoreContext;
  /** Operations sent since the last reset, by name (`Query`, `PutItem`, …). */
  readonly counts: Map<string, number>;
  reset(): void;
}

/**
 * `before` runs before each operation (with its name and its item, key or expression values as
 * plain values) and may write through `store` to interleave another writer.
 */
export function probeStore(
  store: TestStore,
  before: (operation: DynamoOperation, body: Record<string, unknown>) => Promise<void> = async () => {},
): ProbedStore {
  const counts = new Map<string, number>();
  return {
    ctx: {
      tableName: store.tableName,
      dynamo: async (operation, body) => {
        counts.set(operation, (counts.get(operation) ?? 0) + 1);
        await before(operation, plainBody(body as Record<string, unknown>));
        return store.dynamo(operation, body);
      },
    },
    counts,
    reset: () => counts.clear(),
  };
}

function plainBody(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...body };
  for (const member of ['Item', 'Key', 'ExpressionAttributeValues']) {
    if (out[member] !== undefined) out[member] = unmarshall(out[member] as never);
  }
  return out;
}
