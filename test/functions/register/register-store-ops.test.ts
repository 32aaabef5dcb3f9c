import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStore, type TestStore } from '#test/support/embedded-store.js';
import { createDomain, createRegistrar, registerAs } from './registrar-harness.js';
import { type ProbedStore, probeStore } from './store-probes.js';

/** The numbers docs/data-model.md states ("Store operations per REGISTER"). */
describe('store operations per REGISTER', () => {
  let store: TestStore;
  let probe: ProbedStore;
  beforeAll(async () => {
    store = await startTestStore();
    probe = probeStore(store);
  });
  afterAll(async () => {
    await store.stop();
  });

  it('costs 1 Query + 1 conditional write with warm caches (the 401 before it costs nothing)', async () => {
    const domain = await createDomain(store, 'ops');
    const registrar = createRegistrar(probe.ctx, {}, 60_000);
    probe.reset();
    await registerAs(registrar, domain, { contacts: ['<sip:alice@198.51.100.7:1>'] });
    // Cold: claim + domain + username GetItems and the mappings Query fill the directory cache.
    expect(Object.fromEntries(probe.counts)).toEqual({
      GetItem: 3,
      Query: 2,
      PutItem: 1,
    });

    probe.reset();
    await registerAs(registrar, domain, { contacts: ['<sip:alice@198.51.100.7:2>'], cseq: 2 });
    expect(Object.fromEntries(probe.counts)).toEqual({ Query: 1, PutItem: 1 });

    probe.reset();
    await registerAs(registrar, domain, { contacts: [], cseq: 3 });
    expect(Object.fromEntries(probe.counts)).toEqual({ Query: 1 });

    probe.reset();
    await registerAs(registrar, domain, { contacts: ['*'], expires: 0, cseq: 4 });
    expect(Object.fromEntries(probe.counts)).toEqual({ Query: 1, DeleteItem: 1 });
  });
});
