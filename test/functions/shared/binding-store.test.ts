import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAorBindings, writeEdgeBindings } from '#functions/shared/store/binding-store.js';
import { keys } from '#functions/shared/store/keys.js';
import { startTestStore, type TestStore } from '#test/support/embedded-store.js';
import { binding } from '../register/binding-fixtures.js';

const SD = 'SD00000000000000000000000000000001';
const owner = (edge: string) => ({
  accountSid: 'AC1',
  domainSid: SD,
  aor: 'sip:alice@a.sip.x',
  aorUser: 'alice',
  edge,
});

describe('binding store: one item per (AOR, edge), written conditionally on its version', () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await startTestStore();
  });
  afterAll(() => store.stop());

  it('creates only when absent, then rewrites only at the version read; an empty list deletes', async () => {
    const contacts = [
      binding({ expiresAtMs: 10_000_500 }),
      binding({ contactUri: 'sip:b@x', expiresAtMs: 2_000 }),
    ];
    expect(await writeEdgeBindings(store, owner('ashburn'), contacts, null)).toEqual({
      ok: true,
      value: undefined,
    });
    expect(await writeEdgeBindings(store, owner('ashburn'), contacts, null)).toEqual({
      ok: false,
      error: 'versionConflict',
    });
    const key = keys.binding(SD, 'alice', 'ashburn');
    const raw = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: key }));
    expect(raw.Item).toMatchObject({
      version: 1,
      expiresAt: 10_001,
      gsi1pk: `REGS#${SD}`,
      gsi1sk: 'alice#ashburn',
    });

    expect((await writeEdgeBindings(store, owner('ashburn'), contacts.slice(0, 1), 1)).ok).toBe(true);
    expect(await writeEdgeBindings(store, owner('ashburn'), [], 1)).toEqual({
      ok: false,
      error: 'versionConflict',
    });
    expect((await writeEdgeBindings(store, owner('ashburn'), [], 2)).ok).toBe(true);
    const gone = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: key }));
    expect(gone.Item).toBeUndefined();
    expect((await writeEdgeBindings(store, owner('ashburn'), [], null)).ok).toBe(true);
  });

  it('reads every edge of an AOR in one Query, without expired contacts but with the version', async () => {
    await writeEdgeBindings(store, owner('dublin'), [binding({ expiresAtMs: 5_000 })], null);
    await writeEdgeBindings(
      store,
      owner('tokyo'),
      [binding({ contactUri: 'sip:t@x', expiresAtMs: 5_001 }), binding({ expiresAtMs: 4_000 })],
      null,
    );
    const items = await readAorBindings(store, SD, 'alice', 5_000);
    expect(items.map((i) => [i.edge, i.version, i.contacts.map((c) => c.contactUri)])).toEqual([
      ['dublin', 1, []],
      ['tokyo', 1, ['sip:t@x']],
    ]);
  });
});
