import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAccount, putAccount } from '#functions/shared/store/account-store.js';
import { createAuthDirectory } from '#functions/shared/store/auth-directory.js';
import { computeHa1 } from '#functions/shared/store/digest.js';
import { type ApiHarness, startApiHarness } from '../admin/api-harness.js';

describe('auth directory (registrar/router reads)', () => {
  let h: ApiHarness;
  let domain: string;
  let list: string;
  let acl: string;
  beforeAll(async () => {
    h = await startApiHarness();
    domain = (
      await h.call('POST', 'SIP/Domains.json', { DomainName: 'dir.sip.localhost', SipRegistration: 'true' })
    ).body.sid;
    list = (await h.call('POST', 'SIP/CredentialLists.json', { FriendlyName: 'L' })).body.sid;
    await h.call('POST', `SIP/CredentialLists/${list}/Credentials.json`, {
      Username: 'alice',
      Password: 'IWasAtSignal2018',
    });
    acl = (await h.call('POST', 'SIP/IpAccessControlLists.json', { FriendlyName: 'A' })).body.sid;
    await h.call('POST', `SIP/IpAccessControlLists/${acl}/IpAddresses.json`, {
      FriendlyName: 'net',
      IpAddress: '198.51.100.0',
      CidrPrefixLength: '24',
    });
    await h.call('POST', `SIP/Domains/${domain}/Auth/Registrations/CredentialListMappings.json`, {
      CredentialListSid: list,
    });
    await h.call('POST', `SIP/Domains/${domain}/Auth/Calls/IpAccessControlListMappings.json`, {
      IpAccessControlListSid: acl,
    });
  });
  afterAll(() => h.stop());

  it('finds a domain by name with its mapped lists, the HA1 of a user and the IP ACL verdict', async () => {
    let now = 0;
    const dir = createAuthDirectory({
      store: h.store,
      cacheTtlMs: 5_000,
      maxCacheEntries: 100,
      now: () => now,
    });
    const config = await dir.domainByName('DIR.sip.localhost');
    expect(config?.domain.sid).toBe(domain);
    expect(config?.registrationCredentialListSids).toEqual([list]);
    expect(config?.callsCredentialListSids).toEqual([]);
    if (config === undefined) return;
    const digest = await dir.credentialDigest(config, 'registrations', 'alice');
    expect(digest?.ha1Md5).toBe(computeHa1('alice', 'sip.localhost', 'IWasAtSignal2018').ha1Md5);
    expect(await dir.credentialDigest(config, 'calls', 'alice')).toBeUndefined();
    expect(await dir.credentialDigest(config, 'registrations', 'mallory')).toBeUndefined();
    expect(await dir.isIpAllowed(config, '198.51.100.77')).toBe(true);
    expect(await dir.isIpAllowed(config, '198.51.101.1')).toBe(false);
    expect(await dir.isIpAllowed(config, 'not-an-ip')).toBe(false);
    expect(await dir.domainByName('nope.sip.localhost')).toBeUndefined();

    // Changes are seen within cacheTtlMs, not before (bounded staleness).
    await h.call('POST', `SIP/Domains/${domain}.json`, { SipRegistration: 'false' });
    now = 4_999;
    expect((await dir.domainByName('dir.sip.localhost'))?.domain.sipRegistration).toBe(true);
    now = 5_000;
    expect((await dir.domainByName('dir.sip.localhost'))?.domain.sipRegistration).toBe(false);
  });

  it('reads an account (its webhook-signing auth token) with the same bounded staleness', async () => {
    let now = 0;
    const dir = createAuthDirectory({
      store: h.store,
      cacheTtlMs: 5_000,
      maxCacheEntries: 100,
      now: () => now,
    });
    const stored = await getAccount(h.store, h.a.sid);
    if (stored === undefined) throw new Error('harness account missing');
    expect(await dir.account(h.a.sid)).toEqual(stored);
    expect(await dir.account('AC00000000000000000000000000000000')).toBeUndefined();

    // A rotated token is used within cacheTtlMs, not before.
    await putAccount(h.store, { ...stored, authToken: 'f'.repeat(32) });
    now = 4_999;
    expect((await dir.account(h.a.sid))?.authToken).toBe(stored.authToken);
    now = 5_000;
    expect((await dir.account(h.a.sid))?.authToken).toBe('f'.repeat(32));
    await putAccount(h.store, stored);
  });
});
