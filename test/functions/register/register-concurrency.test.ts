import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAorBindings, writeEdgeBindings } from '#functions/shared/store/binding-store.js';
import { startTestStore, type TestStore } from '#test/support/embedded-store.js';
import { binding } from './binding-fixtures.js';
import { createDomain, createRegistrar, headerValues, registerAs } from './registrar-harness.js';
import { probeStore } from './store-probes.js';

const contact = (n: number) => `<sip:alice@198.51.100.${n}:5060>`;
const uriOf = (n: number) => `sip:alice@198.51.100.${n}:5060`;
const range = (count: number) => Array.from({ length: count }, (_, k) => k + 1);

describe('registrar under concurrency (conditional writes on the (AOR, edge) item)', () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await startTestStore();
  });
  afterAll(() => store.stop());

  const storedUris = async (domainSid: string, nowMs: number) =>
    (await readAorBindings(store, domainSid, 'alice', nowMs)).flatMap((i) =>
      i.contacts.map((c) => c.contactUri),
    );

  it('MUST NOT leave more than 10 bindings after 50 parallel REGISTERs of distinct contacts (Twilio 32007)', async () => {
    // Each failed condition means another request's write succeeded, so 11 attempts always suffice here.
    const registrar = createRegistrar(store, { maxWriteAttempts: 20 });
    const domain = await createDomain(store, 'parallel');
    const results = await Promise.all(
      range(50).map((n) => registerAs(registrar, domain, { contacts: [contact(n)], callId: `c${n}` })),
    );
    const accepted = range(50).filter((n) => results[n - 1]?.status === 200);
    expect(results.filter((r) => r.status === 403 && r.reason === 'Too Many Bindings')).toHaveLength(40);
    expect(accepted).toHaveLength(10);
    expect((await storedUris(domain.sid, registrar.now())).sort()).toEqual(accepted.map(uriOf).sort());
  });

  it('with the default attempts, gives 500 + Retry-After rather than exceed the limit or lose a 200', async () => {
    const registrar = createRegistrar(store);
    const domain = await createDomain(store, 'parallel-default');
    const results = await Promise.all(
      range(50).map((n) => registerAs(registrar, domain, { contacts: [contact(n)], callId: `c${n}` })),
    );
    for (const r of results) expect([200, 403, 500]).toContain(r.status);
    for (const r of results.filter((r) => r.status === 500))
      expect(headerValues(r, 'Retry-After')).toEqual(['1']);
    const accepted = range(50).filter((n) => results[n - 1]?.status === 200);
    const stored = await storedUris(domain.sid, registrar.now());
    expect(stored.length).toBeLessThanOrEqual(10);
    expect(stored.sort()).toEqual(accepted.map(uriOf).sort());
  });

  it('MUST NOT lose a binding when its contacts re-register in parallel', async () => {
    const registrar = createRegistrar(store, { maxWriteAttempts: 20 });
    const domain = await createDomain(store, 'refresh');
    for (const n of range(10))
      await registerAs(registrar, domain, { contacts: [contact(n)], callId: `c${n}` });
    registrar.advance(1_000_000);
    const results = await Promise.all(
      range(10).map((n) =>
        registerAs(registrar, domain, { contacts: [contact(n)], callId: `c${n}`, cseq: 2 }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(range(10).map(() => 200));
    const items = await readAorBindings(store, domain.sid, 'alice', registrar.now());
    const refreshed = items.flatMap((i) => i.contacts).map((c) => [c.contactUri, c.cseq, c.expiresAtMs]);
    expect(refreshed.sort()).toEqual(
      range(10)
        .map((n) => [uriOf(n), 2, registrar.now() + 3_600_000])
        .sort(),
    );
  });

  it('re-reads and re-applies after a concurrent write, keeping what the other writer stored', async () => {
    let interleaved = false;
    const domain = await createDomain(store, 'interleave');
    const probe = probeStore(store, async (name) => {
      if (name !== 'PutItem' || interleaved) return;
      interleaved = true;
      const [item] = await readAorBindings(store, domain.sid, 'alice', 0);
      if (item === undefined) throw new Error('expected the first registration');
      const other = binding({ contactUri: 'sip:alice@203.0.113.5', expiresAtMs: Date.UTC(2030, 0, 1) });
      await writeEdgeBindings(store, item, [...item.contacts, other], item.version);
    });
    const registrar = createRegistrar(probe.ctx);
    await registerAs(createRegistrar(store), domain, { contacts: [contact(1)] });
    const result = await registerAs(registrar, domain, { contacts: [contact(2)], callId: 'c2' });
    expect(result.status).toBe(200);
    expect(interleaved).toBe(true);
    expect(await storedUris(domain.sid, registrar.now())).toEqual([
      uriOf(1),
      'sip:alice@203.0.113.5',
      uriOf(2),
    ]);
  });

  it('MUST answer 500 with Retry-After after maxWriteAttempts conflicts, changing nothing itself', async () => {
    const domain = await createDomain(store, 'conflicts');
    await registerAs(createRegistrar(store), domain, { contacts: [contact(1)] });
    const probe = probeStore(store, async (name) => {
      if (name !== 'PutItem') return;
      const [item] = await readAorBindings(store, domain.sid, 'alice', 0);
      if (item !== undefined) await writeEdgeBindings(store, item, item.contacts, item.version);
    });
    const registrar = createRegistrar(probe.ctx, { maxWriteAttempts: 3, retryAfterSec: 2 });
    const result = await registerAs(registrar, domain, { contacts: [contact(2)], callId: 'c2' });
    expect(result).toMatchObject({ status: 500, auth: { outcome: 'accepted' } });
    expect(headerValues(result, 'Retry-After')).toEqual(['2']);
    expect(probe.counts.get('PutItem')).toBe(3);
    expect(await storedUris(domain.sid, registrar.now())).toEqual([uriOf(1)]);
  });
});
