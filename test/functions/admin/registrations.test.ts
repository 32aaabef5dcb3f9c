import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putBindingItem } from '#functions/shared/store/binding-store.js';
import { type ApiHarness, startApiHarness } from './api-harness.js';

describe('Registrations.json (SipEdge extension)', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness();
  });
  afterAll(() => h.stop());

  it('lists active contacts of every AOR and edge, and drops expired ones', async () => {
    const domain = (await h.call('POST', 'SIP/Domains.json', { DomainName: 'reg.sip.localhost' })).body.sid;
    const path = `SIP/Domains/${domain}/Registrations.json`;
    expect((await h.call('GET', path)).body.registrations).toEqual([]);
    const now = h.now();
    const base = {
      accountSid: h.a.sid,
      domainSid: domain,
      aor: 'sip:alice@reg.sip.localhost',
      aorUser: 'alice',
    };
    await putBindingItem(h.store, {
      ...base,
      edge: 'ashburn',
      contacts: [
        {
          contact: 'sip:alice@198.51.100.7:5060',
          transport: 'udp',
          sourceAddress: '198.51.100.7:5060',
          userAgent: 'Phone/1',
          expiresAtMs: now + 600_000,
        },
        {
          contact: 'sip:alice@198.51.100.8:5060',
          transport: 'udp',
          sourceAddress: '198.51.100.8:5060',
          userAgent: null,
          expiresAtMs: now - 1,
        },
      ],
    });
    await putBindingItem(h.store, {
      ...base,
      edge: 'dublin',
      contacts: [
        {
          contact: 'sip:alice@192.0.2.5:5061;transport=tls',
          transport: 'tls',
          sourceAddress: '192.0.2.5:40000',
          userAgent: 'Soft/2',
          expiresAtMs: now + 300_000,
        },
      ],
    });
    const res = await h.call('GET', path);
    expect(res.status).toBe(200);
    expect(res.body.registrations).toHaveLength(2);
    expect(res.body.registrations[0]).toMatchObject({
      aor: 'sip:alice@reg.sip.localhost',
      contact: 'sip:alice@198.51.100.7:5060',
      edge: 'ashburn',
      transport: 'udp',
      source_address: '198.51.100.7:5060',
      user_agent: 'Phone/1',
      expires_in: 600,
    });
    expect(res.body.registrations[1].edge).toBe('dublin');
    expect((await h.call('GET', path, undefined, h.b)).status).toBe(404);
  });
});
