import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getStoredDigest } from '#functions/shared/store/credential-store.js';
import { type ApiHarness, startApiHarness } from './api-harness.js';

const PASSWORD = 'IWasAtSignal2018';

describe('CredentialLists and Credentials API', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ maxCredentialListsPerAccount: 3, maxCredentialsPerList: 2 });
  });
  afterAll(() => h.stop());

  const createList = async (name: string) =>
    (await h.call('POST', 'SIP/CredentialLists.json', { FriendlyName: name })).body;

  it('creates, fetches, renames, lists and deletes a credential list', async () => {
    const list = await createList('Office');
    expect(list.sid).toMatch(/^CL[0-9a-f]{32}$/);
    expect(list.subresource_uris.credentials).toBe(
      `/2010-04-01/Accounts/${h.a.sid}/SIP/CredentialLists/${list.sid}/Credentials.json`,
    );
    const path = `SIP/CredentialLists/${list.sid}.json`;
    expect((await h.call('GET', path)).body.friendly_name).toBe('Office');
    expect((await h.call('POST', path, { FriendlyName: 'HQ' })).body.friendly_name).toBe('HQ');
    const listed = await h.call('GET', 'SIP/CredentialLists.json');
    expect(listed.body.credential_lists.map((l: { sid: string }) => l.sid)).toContain(list.sid);
    expect((await h.call('DELETE', path)).status).toBe(204);
    expect((await h.call('GET', path)).status).toBe(404);
  });

  it('requires a unique FriendlyName of at most 64 characters (21240)', async () => {
    expect((await h.call('POST', 'SIP/CredentialLists.json', {})).body.code).toBe(20001);
    const long = await h.call('POST', 'SIP/CredentialLists.json', { FriendlyName: 'n'.repeat(65) });
    expect(long.body.code).toBe(21240);
    const list = await createList('Dup');
    expect((await h.call('POST', 'SIP/CredentialLists.json', { FriendlyName: 'Dup' })).body.code).toBe(21240);
    await h.call('DELETE', `SIP/CredentialLists/${list.sid}.json`);
  });

  it('limits credential lists per account (21239)', async () => {
    const lists = [await createList('L1'), await createList('L2'), await createList('L3')];
    expect((await h.call('POST', 'SIP/CredentialLists.json', { FriendlyName: 'L4' })).body.code).toBe(21239);
    for (const l of lists) await h.call('DELETE', `SIP/CredentialLists/${l.sid}.json`);
  });

  it('stores only HA1 digests and never returns the password', async () => {
    const list = await createList('Users');
    const base = `SIP/CredentialLists/${list.sid}/Credentials`;
    const created = await h.call('POST', `${base}.json`, { Username: 'alice', Password: PASSWORD });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      username: 'alice',
      credential_list_sid: list.sid,
      account_sid: h.a.sid,
    });
    expect(created.body.sid).toMatch(/^CR[0-9a-f]{32}$/);
    expect(created.text).not.toContain(PASSWORD);
    expect(Object.keys(created.body)).not.toContain('password');
    const fetched = await h.call('GET', `${base}/${created.body.sid}.json`);
    const listed = await h.call('GET', `${base}.json`);
    expect(fetched.text + listed.text).not.toContain(PASSWORD);
    expect(listed.body.credentials).toHaveLength(1);

    const digest = await getStoredDigest(h.store, list.sid, 'alice');
    const md5 = createHash('md5').update(`alice:sip.localhost:${PASSWORD}`).digest('hex');
    const sha = createHash('sha256').update(`alice:sip.localhost:${PASSWORD}`).digest('hex');
    expect(digest).toMatchObject({ ha1Md5: md5, ha1Sha256: sha, realm: 'sip.localhost' });
    expect(JSON.stringify(digest)).not.toContain(PASSWORD);

    const changed = await h.call('POST', `${base}/${created.body.sid}.json`, { Password: 'AnotherPass2026' });
    expect(changed.status).toBe(200);
    const after = await getStoredDigest(h.store, list.sid, 'alice');
    expect(after?.ha1Md5).toBe(createHash('md5').update('alice:sip.localhost:AnotherPass2026').digest('hex'));

    expect((await h.call('DELETE', `${base}/${created.body.sid}.json`)).status).toBe(204);
    expect(await getStoredDigest(h.store, list.sid, 'alice')).toBeUndefined();
    await h.call('DELETE', `SIP/CredentialLists/${list.sid}.json`);
  });

  it.each([
    ['Short1a', 'at least 12 characters'],
    ['alllowercase123', 'upper and lower case'],
    ['ALLUPPERCASE123', 'upper and lower case'],
    ['NoDigitsAtAllHere', 'a digit'],
  ])('enforces the password policy: rejects %s (21240)', async (password, reason) => {
    const list = await createList(`pw-${password}`);
    const res = await h.call('POST', `SIP/CredentialLists/${list.sid}/Credentials.json`, {
      Username: 'bob',
      Password: password,
    });
    expect(res.body.code).toBe(21240);
    expect(res.body.message).toContain(reason);
    expect(res.text).not.toContain(password);
    await h.call('DELETE', `SIP/CredentialLists/${list.sid}.json`);
  });

  it('validates usernames (≤ 32 characters, unique in the list) and limits credentials per list', async () => {
    const list = await createList('Limits');
    const base = `SIP/CredentialLists/${list.sid}/Credentials.json`;
    expect((await h.call('POST', base, { Username: 'u'.repeat(33), Password: PASSWORD })).body.code).toBe(
      21240,
    );
    expect((await h.call('POST', base, { Username: 'a:b', Password: PASSWORD })).body.code).toBe(21240);
    expect((await h.call('POST', base, { Password: PASSWORD })).body.code).toBe(20001);
    expect((await h.call('POST', base, { Username: 'u'.repeat(32), Password: PASSWORD })).status).toBe(201);
    expect((await h.call('POST', base, { Username: 'carol', Password: PASSWORD })).status).toBe(201);
    const over = await h.call('POST', base, { Username: 'dave', Password: PASSWORD });
    expect(over.body.code).toBe(21242);
    await h.call('DELETE', `SIP/CredentialLists/${list.sid}.json`);
    const fresh = await createList('Dups');
    const freshBase = `SIP/CredentialLists/${fresh.sid}/Credentials.json`;
    await h.call('POST', freshBase, { Username: 'erin', Password: PASSWORD });
    expect((await h.call('POST', freshBase, { Username: 'erin', Password: PASSWORD })).body.code).toBe(21240);
    await h.call('DELETE', `SIP/CredentialLists/${fresh.sid}.json`);
  });
});
