import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApiHarness } from './api-harness.js';

describe('domain mappings API', () => {
  let h: ApiHarness;
  let domain: string;
  let cl: string;
  let acl: string;
  beforeAll(async () => {
    h = await startApiHarness({ maxCredentialListsPerDomain: 2 });
    domain = (await h.call('POST', 'SIP/Domains.json', { DomainName: 'map.sip.localhost' })).body.sid;
    cl = (await h.call('POST', 'SIP/CredentialLists.json', { FriendlyName: 'Phones' })).body.sid;
    acl = (await h.call('POST', 'SIP/IpAccessControlLists.json', { FriendlyName: 'PBX' })).body.sid;
  });
  afterAll(() => h.stop());

  const d = () => `SIP/Domains/${domain}`;

  it('maps all three kinds and derives auth_type', async () => {
    const calls = await h.call('POST', `${d()}/Auth/Calls/CredentialListMappings.json`, {
      CredentialListSid: cl,
    });
    expect(calls.status).toBe(201);
    expect(calls.body).toMatchObject({ sid: cl, friendly_name: 'Phones', account_sid: h.a.sid });
    expect((await h.call('GET', `${d()}.json`)).body.auth_type).toBe('CREDENTIAL_LIST');
    const ip = await h.call('POST', `${d()}/Auth/Calls/IpAccessControlListMappings.json`, {
      IpAccessControlListSid: acl,
    });
    expect(ip.status).toBe(201);
    const reg = await h.call('POST', `${d()}/Auth/Registrations/CredentialListMappings.json`, {
      CredentialListSid: cl,
    });
    expect(reg.status).toBe(201);
    expect((await h.call('GET', `${d()}.json`)).body.auth_type).toBe('CREDENTIAL_LIST,IP_ACL');
    const list = await h.call('GET', `${d()}/Auth/Registrations/CredentialListMappings.json`);
    expect(list.body.contents.map((m: { sid: string }) => m.sid)).toEqual([cl]);
    const fetched = await h.call('GET', `${d()}/Auth/Calls/IpAccessControlListMappings/${acl}.json`);
    expect(fetched.body.sid).toBe(acl);
  });

  it('shares one store between legacy and Auth/Calls paths (21231 on a second mapping)', async () => {
    const legacy = await h.call('GET', `${d()}/IpAccessControlListMappings.json`);
    expect(legacy.body.ip_access_control_list_mappings.map((m: { sid: string }) => m.sid)).toEqual([acl]);
    expect(legacy.body.ip_access_control_list_mappings[0].domain_sid).toBe(domain);
    const again = await h.call('POST', `${d()}/IpAccessControlListMappings.json`, {
      IpAccessControlListSid: acl,
    });
    expect(again.body).toMatchObject({
      code: 21231,
      message: 'IpAccessControlList already associated with this domain',
    });
    const creds = await h.call('GET', `${d()}/CredentialListMappings.json`);
    expect(creds.body.credential_list_mappings).toHaveLength(1);
  });

  it('refuses to delete mapped lists (21241, 21236) and allows it once unmapped', async () => {
    expect((await h.call('DELETE', `SIP/CredentialLists/${cl}.json`)).body.code).toBe(21241);
    expect((await h.call('DELETE', `SIP/IpAccessControlLists/${acl}.json`)).body.code).toBe(21236);
    expect((await h.call('DELETE', `${d()}/CredentialListMappings/${cl}.json`)).status).toBe(204);
    expect((await h.call('DELETE', `SIP/CredentialLists/${cl}.json`)).body.code).toBe(21241);
    expect(
      (await h.call('DELETE', `${d()}/Auth/Registrations/CredentialListMappings/${cl}.json`)).status,
    ).toBe(204);
    expect((await h.call('DELETE', `${d()}/Auth/Calls/IpAccessControlListMappings/${acl}.json`)).status).toBe(
      204,
    );
    expect((await h.call('GET', `${d()}.json`)).body.auth_type).toBe('');
    expect((await h.call('DELETE', `${d()}/Auth/Calls/IpAccessControlListMappings/${acl}.json`)).status).toBe(
      404,
    );
  });

  it('rejects unknown or foreign lists and missing parameters', async () => {
    const foreign = (await h.call('POST', 'SIP/CredentialLists.json', { FriendlyName: 'B' }, h.b)).body.sid;
    const res = await h.call('POST', `${d()}/Auth/Calls/CredentialListMappings.json`, {
      CredentialListSid: foreign,
    });
    expect(res.body.code).toBe(21231);
    const none = await h.call('POST', `${d()}/Auth/Calls/CredentialListMappings.json`, {});
    expect(none.body.code).toBe(20001);
  });

  it('limits credential lists per domain (21239)', async () => {
    const lists: string[] = [];
    for (const name of ['m1', 'm2', 'm3']) {
      lists.push((await h.call('POST', 'SIP/CredentialLists.json', { FriendlyName: name })).body.sid);
    }
    const path = `${d()}/Auth/Registrations/CredentialListMappings.json`;
    expect((await h.call('POST', path, { CredentialListSid: lists[0] ?? '' })).status).toBe(201);
    expect((await h.call('POST', path, { CredentialListSid: lists[1] ?? '' })).status).toBe(201);
    expect((await h.call('POST', path, { CredentialListSid: lists[2] ?? '' })).body.code).toBe(21239);
  });

  it('removes a deleted domain’s mappings so its lists can be deleted', async () => {
    const other = (await h.call('POST', 'SIP/Domains.json', { DomainName: 'gone.sip.localhost' })).body.sid;
    const list = (await h.call('POST', 'SIP/CredentialLists.json', { FriendlyName: 'Temp' })).body.sid;
    await h.call('POST', `SIP/Domains/${other}/CredentialListMappings.json`, { CredentialListSid: list });
    expect((await h.call('DELETE', `SIP/Domains/${other}.json`)).status).toBe(204);
    expect((await h.call('DELETE', `SIP/CredentialLists/${list}.json`)).status).toBe(204);
  });
});
