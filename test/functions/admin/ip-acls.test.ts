import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApiHarness } from './api-harness.js';

describe('IpAccessControlLists and IpAddresses API', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ maxIpAclsPerAccount: 2, maxIpAddressesPerAcl: 2 });
  });
  afterAll(() => h.stop());

  const createAcl = async (name: string) =>
    (await h.call('POST', 'SIP/IpAccessControlLists.json', { FriendlyName: name })).body;

  it('creates, fetches, renames, lists and deletes an ACL and its addresses', async () => {
    const acl = await createAcl('Office');
    expect(acl.sid).toMatch(/^AL[0-9a-f]{32}$/);
    const path = `SIP/IpAccessControlLists/${acl.sid}`;
    const ip = await h.call('POST', `${path}/IpAddresses.json`, {
      FriendlyName: 'pbx',
      IpAddress: '203.0.113.10',
    });
    expect(ip.status).toBe(201);
    expect(ip.body).toMatchObject({
      ip_address: '203.0.113.10',
      cidr_prefix_length: 32,
      ip_access_control_list_sid: acl.sid,
    });
    expect(ip.body.sid).toMatch(/^IP[0-9a-f]{32}$/);
    const updated = await h.call('POST', `${path}/IpAddresses/${ip.body.sid}.json`, {
      CidrPrefixLength: '24',
    });
    expect(updated.body).toMatchObject({ cidr_prefix_length: 24, friendly_name: 'pbx' });
    expect((await h.call('GET', `${path}/IpAddresses.json`)).body.ip_addresses).toHaveLength(1);
    expect((await h.call('POST', `${path}.json`, { FriendlyName: 'HQ' })).body.friendly_name).toBe('HQ');
    expect((await h.call('DELETE', `${path}/IpAddresses/${ip.body.sid}.json`)).status).toBe(204);
    expect((await h.call('DELETE', `${path}.json`)).status).toBe(204);
    expect((await h.call('GET', `${path}.json`)).status).toBe(404);
  });

  it.each([
    [{ IpAddress: '10.0.0' }, 21238],
    [{ IpAddress: '10.0.0.256' }, 21238],
    [{ IpAddress: '10.0.0.*' }, 21238],
    [{ IpAddress: '010.0.0.1' }, 21238],
    [{ IpAddress: '2001:db8::1' }, 21238],
    [{ IpAddress: '10.0.0.1', CidrPrefixLength: '33' }, 21238],
    [{ IpAddress: '10.0.0.1', CidrPrefixLength: 'x' }, 21238],
    [{ IpAddress: '10.0.0.1', FriendlyName: 'f'.repeat(256) }, 21238],
  ] as [Record<string, string>, number][])('rejects invalid entry %o', async (form, code) => {
    const acl = await createAcl(
      `bad-${form.IpAddress}-${form.CidrPrefixLength}-${form.FriendlyName?.length}`,
    );
    const res = await h.call('POST', `SIP/IpAccessControlLists/${acl.sid}/IpAddresses.json`, {
      FriendlyName: 'x',
      ...form,
    });
    expect(res.body.code).toBe(code);
    await h.call('DELETE', `SIP/IpAccessControlLists/${acl.sid}.json`);
  });

  it('rejects duplicate names and addresses (21235) and limits entries (21237) and ACLs (21255)', async () => {
    const acl = await createAcl('Limits');
    expect(
      (await h.call('POST', 'SIP/IpAccessControlLists.json', { FriendlyName: 'Limits' })).body.code,
    ).toBe(21235);
    const base = `SIP/IpAccessControlLists/${acl.sid}/IpAddresses.json`;
    await h.call('POST', base, { FriendlyName: 'a', IpAddress: '192.0.2.1' });
    expect((await h.call('POST', base, { FriendlyName: 'b', IpAddress: '192.0.2.1' })).body.code).toBe(21235);
    await h.call('POST', base, { FriendlyName: 'c', IpAddress: '192.0.2.0', CidrPrefixLength: '24' });
    expect((await h.call('POST', base, { FriendlyName: 'd', IpAddress: '192.0.2.9' })).body.code).toBe(21237);
    const second = await createAcl('Second');
    expect((await h.call('POST', 'SIP/IpAccessControlLists.json', { FriendlyName: 'Third' })).body.code).toBe(
      21255,
    );
    await h.call('DELETE', `SIP/IpAccessControlLists/${acl.sid}.json`);
    await h.call('DELETE', `SIP/IpAccessControlLists/${second.sid}.json`);
  });
});
