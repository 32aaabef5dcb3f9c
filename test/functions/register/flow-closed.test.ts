import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAorBindings } from '#functions/shared/store/binding-store.js';
import { startTestStore, type TestStore } from '#test/support/embedded-store.js';
import { createDomain, createRegistrar, type Registrar, registerAs } from './registrar-harness.js';

describe('flow-closed (RFC 5626 §5: bindings over a closed flow are unreachable)', () => {
  let store: TestStore;
  let registrar: Registrar;
  beforeAll(async () => {
    store = await startTestStore();
    registrar = createRegistrar(store);
  });
  afterAll(() => store.stop());

  it("MUST remove this edge's bindings registered over the closed flow of this gateway instance, and only those", async () => {
    const domain = await createDomain(store, 'flows');
    const tcp = { transport: 'tcp' as const, flowId: 'F1' };
    await registerAs(registrar, domain, { ...tcp, contacts: ['<sip:alice@198.51.100.7:1;transport=tcp>'] });
    await registerAs(registrar, domain, { contacts: ['<sip:alice@198.51.100.7:2>'], callId: 'udp' });
    await registerAs(registrar, domain, {
      ...tcp,
      instanceId: 'gw-2',
      contacts: ['<sip:alice@198.51.100.7:3;transport=tcp>'],
      callId: 'gw2',
    });
    await registerAs(registrar, domain, {
      ...tcp,
      edge: 'dublin',
      contacts: ['<sip:alice@198.51.100.7:4;transport=tcp>'],
      callId: 'dublin',
    });
    await registerAs(registrar, domain, {
      ...tcp,
      user: 'bob',
      contacts: ['<sip:bob@198.51.100.8:1;transport=tcp>'],
    });

    const result = await registrar.handle({
      version: 1,
      type: 'flow-closed',
      handler: 'register',
      edge: 'ashburn',
      instanceId: 'gw-1',
      flowId: 'F1',
      bindingKeys: [`${domain.sid}/alice`, `${domain.sid}/bob`, 'not-a-key', `${domain.sid}/nobody`],
    });
    expect(result).toEqual({ version: 1, action: 'done' });
    const alice = await readAorBindings(store, domain.sid, 'alice', registrar.now());
    expect(alice.flatMap((i) => i.contacts.map((c) => `${i.edge} ${c.contactUri}`))).toEqual([
      'ashburn sip:alice@198.51.100.7:2',
      'ashburn sip:alice@198.51.100.7:3;transport=tcp',
      'dublin sip:alice@198.51.100.7:4;transport=tcp',
    ]);
    expect(await readAorBindings(store, domain.sid, 'bob', registrar.now())).toEqual([]);
  });
});
