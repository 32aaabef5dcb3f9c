/**
 * StoreContexts over the embedded store that observe or interleave the registrar's commands: a real
 * client with a middleware, so every command still runs against dynalite.
 */

import { createDynamoClients } from '#functions/shared/dynamo-client.js';
import type { StoreContext } from '#functions/shared/store/store-context.js';
import type { TestStore } from '#test/support/embedded-store.js';

export interface ProbedStore {
  readonly ctx: StoreContext;
  /** Commands sent since the last reset, by name (`QueryCommand`, `PutItemCommand`, …). */
  readonly counts: Map<string, number>;
  reset(): void;
  close(): void;
}

/**
 * `before` runs before each command (with its name and unmarshalled input) and may write through
 * `store` to interleave another writer.
 */
export function probeStore(
  store: TestStore,
  before: (commandName: string, input: Record<string, unknown>) => Promise<void> = async () => {},
): ProbedStore {
  const { client, doc } = createDynamoClients({ region: 'local', endpoint: store.endpoint });
  const counts = new Map<string, number>();
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown';
      counts.set(name, (counts.get(name) ?? 0) + 1);
      await before(name, args.input as Record<string, unknown>);
      return next(args);
    },
    { step: 'initialize', name: 'registrarTestProbe' },
  );
  return {
    ctx: { doc, tableName: store.tableName },
    counts,
    reset: () => counts.clear(),
    close: () => client.destroy(),
  };
}
