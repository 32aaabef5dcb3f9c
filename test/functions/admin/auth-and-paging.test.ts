import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, basic, startApiHarness } from './api-harness.js';

describe('admin API: authentication, isolation, paging and HTTP edge', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness();
  });
  afterAll(() => h.stop());

  const raw = (path: string, init: RequestInit = {}) => fetch(`${h.baseUrl}${path}`, init);
  const domainsPath = () => `/2010-04-01/Accounts/${h.a.sid}/SIP/Domains.json`;

  it.each([
    ['no Authorization header', undefined],
    ['a wrong token', () => `Basic ${Buffer.from(`${h.a.sid}:wrong`).toString('base64')}`],
    ['another account’s valid credentials', () => basic(h.b)],
    ['a non-Basic scheme', () => 'Bearer abc'],
    ['garbage', () => 'Basic !!!'],
  ])('answers 401 with Twilio error 20003 for %s', async (_name, auth) => {
    const res = await raw(domainsPath(), auth === undefined ? {} : { headers: { authorization: auth() } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Basic');
    expect(await res.json()).toMatchObject({ code: 20003, status: 401 });
  });

  it('never shows one account’s resources to another', async () => {
    const domain = (await h.call('POST', 'SIP/Domains.json', { DomainName: 'private.sip.localhost' })).body
      .sid;
    const list = (await h.call('POST', 'SIP/CredentialLists.json', { FriendlyName: 'Mine' })).body.sid;
    expect((await h.call('GET', `SIP/Domains/${domain}.json`, undefined, h.b)).status).toBe(404);
    expect((await h.call('DELETE', `SIP/Domains/${domain}.json`, undefined, h.b)).status).toBe(404);
    expect((await h.call('POST', `SIP/Domains/${domain}.json`, { Secure: 'true' }, h.b)).status).toBe(404);
    expect((await h.call('GET', `SIP/CredentialLists/${list}/Credentials.json`, undefined, h.b)).status).toBe(
      404,
    );
    expect((await h.call('GET', 'SIP/Domains.json', undefined, h.b)).body.domains).toEqual([]);
    expect((await h.call('GET', `SIP/Domains/${domain}.json`)).body.secure).toBe(false);
  });

  it('pages with PageSize, next_page_uri and page tokens', async () => {
    const sids: string[] = [];
    for (let i = 0; i < 5; i++) {
      sids.push(
        (await h.call('POST', 'SIP/IpAccessControlLists.json', { FriendlyName: `acl${i}` })).body.sid,
      );
    }
    const first = await h.call('GET', 'SIP/IpAccessControlLists.json?PageSize=2');
    expect(first.body).toMatchObject({ page: 0, page_size: 2, start: 0, end: 1, previous_page_uri: null });
    expect(first.body.first_page_uri).toBe(
      `/2010-04-01/Accounts/${h.a.sid}/SIP/IpAccessControlLists.json?PageSize=2&Page=0`,
    );
    const seen = first.body.ip_access_control_lists.map((a: { sid: string }) => a.sid);
    let next: string | null = first.body.next_page_uri;
    while (next !== null) {
      const res = await raw(next, { headers: { authorization: basic(h.a) } });
      const body = (await res.json()) as {
        ip_access_control_lists: { sid: string }[];
        next_page_uri: string | null;
      };
      seen.push(...body.ip_access_control_lists.map((a) => a.sid));
      next = body.next_page_uri;
    }
    expect(seen).toEqual(sids);
    const all = await h.call('GET', 'SIP/IpAccessControlLists.json');
    expect(all.body).toMatchObject({ page_size: 50, next_page_uri: null });
  });

  it.each([
    'PageSize=0',
    'PageSize=1001',
    'PageSize=abc',
    'Page=-1',
    'PageToken=bogus',
    'PageToken=PTeyJ4IjoxfQ',
  ])('rejects bad paging parameter %s with 400', async (query) => {
    const res = await h.call('GET', `SIP/Domains.json?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(20001);
  });

  it('accepts PageSize=1000', async () => {
    expect((await h.call('GET', 'SIP/Domains.json?PageSize=1000')).status).toBe(200);
  });

  it('answers 404 for unknown paths and 405 for unsupported methods, as Twilio JSON', async () => {
    expect((await h.call('GET', 'SIP/Nope.json')).body.code).toBe(20404);
    expect((await h.call('PUT', 'SIP/Domains.json')).body.code).toBe(20004);
    const noJson = await raw(`/2010-04-01/Accounts/${h.a.sid}/SIP/Domains`, {
      headers: { authorization: basic(h.a) },
    });
    expect(noJson.status).toBe(404);
  });

  it('rejects a non-form body and a body over the limit', async () => {
    const json = await raw(domainsPath(), {
      method: 'POST',
      headers: { authorization: basic(h.a), 'content-type': 'application/json' },
      body: '{"DomainName":"j.sip.localhost"}',
    });
    expect(json.status).toBe(400);
    const big = await raw(domainsPath(), {
      method: 'POST',
      headers: { authorization: basic(h.a), 'content-type': 'application/x-www-form-urlencoded' },
      body: `FriendlyName=${'x'.repeat(70_000)}`,
    });
    expect(big.status).toBe(413);
  });

  it('serves GET /health', async () => {
    const res = await raw('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});
