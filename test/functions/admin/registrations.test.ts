import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeEdgeBindings } from '#functions/shared/store/binding-store.js';
import { binding } from '../register/binding-fixtures.js';
import { type ApiHarness, startApiHarness } from './api-harness.js';

describe('Registrations.json (SipEdge extension)', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness();
  });
  afterAll(() => h.stop());

  it('lists active contacts of every AOR and edge with their location fields, and drops expired ones', async () => {
    const domain = (await h.call('POST', 'SIP/Domains.json', { DomainName: 'reg.sip.localhost' })).body.sid;
    const path = `SIP/Domains/${domain}/Registrations.json`;
    expect((await h.call('GET', path)).body.registrations).toEqual([]);
    const now = h.now();
    const owner = {
      accountSid: h.a.sid,
      domainSid: domain,
      aor: 'sip:alice@reg.sip.localhost',
      aorUser: 'alice',
    };
    const ashburn = [
      binding({
        contactUri: 'sip:alice@198.51.100.7:5060',
        userAgent: 'Phone/1',
        instanceId: '<urn:uuid:00000000-0000-1000-8000-000A95A0E128>',
        regId: 1,
        registeredAtMs: now,
        expiresAtMs: now + 600_000,
      }),
      binding({ contactUri: 'sip:alice@198.51.100.8:5060', expiresAtMs: now - 1 }),
    ];
    expect((await writeEdgeBindings(h.store, { ...owner, edge: 'ashburn' }, ashburn, null)).ok).toBe(true);
    const dublin = [
      binding({
        contactUri: 'sip:alice@192.0.2.5:5061;transport=tls',
        transport: 'tls',
        source: { address: '2001:db8::5', port: 40000 },
        userAgent: 'Soft/2',
        expiresAtMs: now + 300_000,
      }),
    ];
    expect((await writeEdgeBindings(h.store, { ...owner, edge: 'dublin' }, dublin, null)).ok).toBe(true);
    const res = await h.call('GET', path);
    expect(res.status).toBe(200);
    expect(res.body.registrations).toHaveLength(2);
    expect(res.body.registrations[0]).toEqual({
      account_sid: h.a.sid,
      domain_sid: domain,
      aor: 'sip:alice@reg.sip.localhost',
      contact: 'sip:alice@198.51.100.7:5060',
      instance_id: '<urn:uuid:00000000-0000-1000-8000-000A95A0E128>',
      reg_id: 1,
      edge: 'ashburn',
      transport: 'udp',
      source_address: '198.51.100.7:5060',
      path: [],
      user_agent: 'Phone/1',
      date_registered: new Date(now).toUTCString().replace(/GMT$/, '+0000'),
      expires: new Date(now + 600_000).toUTCString().replace(/GMT$/, '+0000'),
      expires_in: 600,
    });
    expect(res.body.registrations[1]).toMatchObject({
      edge: 'dublin',
      transport: 'tls',
      source_address: '[2001:db8::5]:40000',
    });
    expect((await h.call('GET', path, undefined, h.b)).status).toBe(404);
  });
});
