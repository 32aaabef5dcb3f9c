import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApiHarness } from './api-harness.js';
import { localTwilioHttpClient as localHttpClient } from './twilio-http-client.js';

describe('compatibility with the official twilio npm client (v6)', () => {
  let h: ApiHarness;
  let client: ReturnType<typeof twilio>;
  beforeAll(async () => {
    h = await startApiHarness();
    // biome-ignore lint/suspicious/noExplicitAny: the client's RequestClient type is a class; ours is duck-typed
    client = twilio(h.a.sid, h.a.token, { httpClient: localHttpClient(h.baseUrl) as any });
  });
  afterAll(() => h.stop());

  it('creates, lists, fetches, updates and deletes every resource', async () => {
    const sip = client.api.v2010.accounts(h.a.sid).sip;

    const domain = await sip.domains.create({ domainName: 'compat.sip.localhost', sipRegistration: true });
    expect(domain.sid).toMatch(/^SD/);
    expect(domain.sipRegistration).toBe(true);
    expect(domain.dateCreated).toBeInstanceOf(Date);
    expect(Number.isNaN(domain.dateCreated.getTime())).toBe(false);
    expect((await sip.domains(domain.sid).fetch()).domainName).toBe('compat.sip.localhost');
    expect((await sip.domains(domain.sid).update({ friendlyName: 'Compat', secure: true })).secure).toBe(
      true,
    );
    expect((await sip.domains.list()).map((d) => d.sid)).toEqual([domain.sid]);

    const list = await sip.credentialLists.create({ friendlyName: 'Phones' });
    expect((await sip.credentialLists(list.sid).update({ friendlyName: 'Desk phones' })).friendlyName).toBe(
      'Desk phones',
    );
    const cred = await sip
      .credentialLists(list.sid)
      .credentials.create({ username: 'alice', password: 'IWasAtSignal2018' });
    expect(cred.username).toBe('alice');
    expect((await sip.credentialLists(list.sid).credentials(cred.sid).fetch()).username).toBe('alice');
    await sip.credentialLists(list.sid).credentials(cred.sid).update({ password: 'NewPassword2026' });
    expect(await sip.credentialLists(list.sid).credentials.list()).toHaveLength(1);
    expect((await sip.credentialLists.list()).map((l) => l.sid)).toEqual([list.sid]);
    expect((await sip.credentialLists(list.sid).fetch()).friendlyName).toBe('Desk phones');

    const acl = await sip.ipAccessControlLists.create({ friendlyName: 'PBX' });
    const ip = await sip.ipAccessControlLists(acl.sid).ipAddresses.create({
      friendlyName: 'pbx',
      ipAddress: '203.0.113.5',
      cidrPrefixLength: 32,
    });
    expect(ip.cidrPrefixLength).toBe(32);
    expect(
      (await sip.ipAccessControlLists(acl.sid).ipAddresses(ip.sid).update({ cidrPrefixLength: 30 }))
        .cidrPrefixLength,
    ).toBe(30);
    expect((await sip.ipAccessControlLists(acl.sid).ipAddresses(ip.sid).fetch()).ipAddress).toBe(
      '203.0.113.5',
    );
    expect(await sip.ipAccessControlLists(acl.sid).ipAddresses.list()).toHaveLength(1);
    expect((await sip.ipAccessControlLists(acl.sid).update({ friendlyName: 'PBX2' })).friendlyName).toBe(
      'PBX2',
    );
    expect((await sip.ipAccessControlLists(acl.sid).fetch()).sid).toBe(acl.sid);
    expect(await sip.ipAccessControlLists.list()).toHaveLength(1);

    const d = sip.domains(domain.sid);
    const callsCl = await d.auth.calls.credentialListMappings.create({ credentialListSid: list.sid });
    const callsAcl = await d.auth.calls.ipAccessControlListMappings.create({
      ipAccessControlListSid: acl.sid,
    });
    const regCl = await d.auth.registrations.credentialListMappings.create({ credentialListSid: list.sid });
    expect([callsCl.sid, callsAcl.sid, regCl.sid]).toEqual([list.sid, acl.sid, list.sid]);
    expect((await d.fetch()).authType).toBe('CREDENTIAL_LIST,IP_ACL');
    expect((await d.auth.calls.credentialListMappings(list.sid).fetch()).friendlyName).toBe('Desk phones');
    expect(await d.auth.calls.ipAccessControlListMappings.list()).toHaveLength(1);
    expect(await d.auth.registrations.credentialListMappings.list()).toHaveLength(1);
    expect((await d.credentialListMappings.list()).map((m) => m.sid)).toEqual([list.sid]);
    expect((await d.ipAccessControlListMappings(acl.sid).fetch()).domainSid).toBe(domain.sid);

    await expect(
      d.ipAccessControlListMappings.create({ ipAccessControlListSid: acl.sid }),
    ).rejects.toMatchObject({
      status: 400,
      code: 21231,
    });

    expect(await d.ipAccessControlListMappings(acl.sid).remove()).toBe(true);
    expect(await d.auth.calls.credentialListMappings(list.sid).remove()).toBe(true);
    expect(await d.auth.registrations.credentialListMappings(list.sid).remove()).toBe(true);
    expect(await sip.ipAccessControlLists(acl.sid).ipAddresses(ip.sid).remove()).toBe(true);
    expect(await sip.ipAccessControlLists(acl.sid).remove()).toBe(true);
    expect(await sip.credentialLists(list.sid).credentials(cred.sid).remove()).toBe(true);
    expect(await sip.credentialLists(list.sid).remove()).toBe(true);
    expect(await sip.domains(domain.sid).remove()).toBe(true);
    await expect(sip.domains(domain.sid).fetch()).rejects.toMatchObject({ status: 404, code: 20404 });
  });

  it('follows next_page_uri through the client’s paging', async () => {
    const sip = client.api.v2010.accounts(h.a.sid).sip;
    for (let i = 0; i < 5; i++) await sip.credentialLists.create({ friendlyName: `page-${i}` });
    const all = await sip.credentialLists.list({ pageSize: 2 });
    expect(all.map((l) => l.friendlyName)).toEqual(['page-0', 'page-1', 'page-2', 'page-3', 'page-4']);
  });
});
