import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApiHarness } from './api-harness.js';

describe('SIP Domains API', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ maxDomainsPerAccount: 4 });
  });
  afterAll(() => h.stop());

  it('creates a domain (201) with Twilio fields, defaults and RFC 2822 dates', async () => {
    const res = await h.call('POST', 'SIP/Domains.json', {
      DomainName: 'acme.sip.localhost',
      FriendlyName: 'Acme',
      SipRegistration: 'true',
      VoiceUrl: 'https://example.com/voice',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      account_sid: h.a.sid,
      api_version: '2010-04-01',
      auth_type: '',
      domain_name: 'acme.sip.localhost',
      friendly_name: 'Acme',
      sip_registration: true,
      secure: false,
      emergency_calling_enabled: false,
      voice_url: 'https://example.com/voice',
      voice_method: 'POST',
      voice_fallback_url: null,
      byoc_trunk_sid: null,
    });
    expect(res.body.sid).toMatch(/^SD[0-9a-f]{32}$/);
    expect(res.body.uri).toBe(`/2010-04-01/Accounts/${h.a.sid}/SIP/Domains/${res.body.sid}.json`);
    expect(res.body.date_created).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    expect(res.body.subresource_uris.credential_list_mappings).toContain('/CredentialListMappings.json');
  });

  it('fetches (200), updates (200) and deletes (204) a domain', async () => {
    const created = await h.call('POST', 'SIP/Domains.json', { DomainName: 'crud.sip.localhost' });
    const path = `SIP/Domains/${created.body.sid}.json`;
    expect((await h.call('GET', path)).body.domain_name).toBe('crud.sip.localhost');
    const updated = await h.call('POST', path, { VoiceMethod: 'get', Secure: 'true', VoiceUrl: '' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ voice_method: 'GET', secure: true, voice_url: null });
    expect((await h.call('DELETE', path)).status).toBe(204);
    expect((await h.call('GET', path)).status).toBe(404);
    const again = await h.call('POST', 'SIP/Domains.json', { DomainName: 'crud.sip.localhost' });
    expect(again.status).toBe(201);
    await h.call('DELETE', `SIP/Domains/${again.body.sid}.json`);
  });

  it('renames a domain and frees the old name', async () => {
    const created = await h.call('POST', 'SIP/Domains.json', { DomainName: 'old.sip.localhost' });
    const renamed = await h.call('POST', `SIP/Domains/${created.body.sid}.json`, {
      DomainName: 'new.sip.localhost',
    });
    expect(renamed.body.domain_name).toBe('new.sip.localhost');
    const reuse = await h.call('POST', 'SIP/Domains.json', { DomainName: 'old.sip.localhost' }, h.b);
    expect(reuse.status).toBe(201);
    await h.call('DELETE', `SIP/Domains/${reuse.body.sid}.json`, undefined, h.b);
    await h.call('DELETE', `SIP/Domains/${created.body.sid}.json`);
  });

  it.each([
    ['acme.sip.example.com', 21232],
    ['ac_me.sip.localhost', 21232],
    ['-acme.sip.localhost', 21232],
    ['sip.localhost', 21232],
    ['a..b.sip.localhost', 21232],
  ])('rejects domain name %s with %i and stores nothing', async (name, code) => {
    const res = await h.call('POST', 'SIP/Domains.json', { DomainName: name });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code, status: 400 });
    expect(res.body.more_info).toBe(`https://www.twilio.com/docs/errors/${code}`);
  });

  it('requires DomainName', async () => {
    const res = await h.call('POST', 'SIP/Domains.json', { FriendlyName: 'x' });
    expect(res.body.code).toBe(20001);
  });

  it('keeps domain names unique across accounts (21232)', async () => {
    const first = await h.call('POST', 'SIP/Domains.json', { DomainName: 'unique.sip.localhost' });
    const second = await h.call('POST', 'SIP/Domains.json', { DomainName: 'UNIQUE.sip.localhost' }, h.b);
    expect(second.status).toBe(400);
    expect(second.body.code).toBe(21232);
    expect(second.body.message).toBe('Domain unique.sip.localhost already exists.');
    await h.call('DELETE', `SIP/Domains/${first.body.sid}.json`);
  });

  it('reserves a domain named after an account SID for that account (reference §2.5)', async () => {
    const name = `${h.a.sid.toLowerCase()}.sip.localhost`;
    const taken = await h.call('POST', 'SIP/Domains.json', { DomainName: name }, h.b);
    expect(taken.status).toBe(400);
    expect(taken.body.code).toBe(21232);
    const own = await h.call('POST', 'SIP/Domains.json', { DomainName: name });
    expect(own.status).toBe(201);
    await h.call('DELETE', `SIP/Domains/${own.body.sid}.json`);
  });

  it('allows a subdomain only under a domain the account owns, and keeps the parent while it exists', async () => {
    const parent = await h.call('POST', 'SIP/Domains.json', { DomainName: 'corp.sip.localhost' });
    const foreign = await h.call('POST', 'SIP/Domains.json', { DomainName: 'x.corp.sip.localhost' }, h.b);
    expect(foreign.body.code).toBe(21232);
    const orphan = await h.call('POST', 'SIP/Domains.json', { DomainName: 'x.nobody.sip.localhost' });
    expect(orphan.body.code).toBe(21232);
    const child = await h.call('POST', 'SIP/Domains.json', { DomainName: 'x.corp.sip.localhost' });
    expect(child.status).toBe(201);
    const refused = await h.call('DELETE', `SIP/Domains/${parent.body.sid}.json`);
    expect(refused.body.code).toBe(21233);
    expect((await h.call('DELETE', `SIP/Domains/${child.body.sid}.json`)).status).toBe(204);
    expect((await h.call('DELETE', `SIP/Domains/${parent.body.sid}.json`)).status).toBe(204);
  });

  it.each([
    [{ FriendlyName: 'x'.repeat(65) }, 21231],
    [{ VoiceUrl: 'ftp://example.com' }, 21231],
    [{ VoiceMethod: 'PUT' }, 21231],
    [{ SipRegistration: 'yes' }, 21231],
    [{ ByocTrunkSid: 'BYnope' }, 21231],
  ])('rejects invalid parameters %o', async (form, code) => {
    const res = await h.call('POST', 'SIP/Domains.json', { DomainName: 'bad-param.sip.localhost', ...form });
    expect(res.body.code).toBe(code);
    expect((await h.call('GET', 'SIP/Domains.json')).text).not.toContain('bad-param');
  });

  it('accepts a 64-character friendly name', async () => {
    const res = await h.call('POST', 'SIP/Domains.json', {
      DomainName: 'fn.sip.localhost',
      FriendlyName: 'y'.repeat(64),
    });
    expect(res.status).toBe(201);
    await h.call('DELETE', `SIP/Domains/${res.body.sid}.json`);
  });

  it('limits domains per account (21230)', async () => {
    const sids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await h.call('POST', 'SIP/Domains.json', { DomainName: `limit${i}.sip.localhost` }, h.b);
      expect(res.status).toBe(201);
      sids.push(res.body.sid);
    }
    const over = await h.call('POST', 'SIP/Domains.json', { DomainName: 'limit9.sip.localhost' }, h.b);
    expect(over.body.code).toBe(21230);
    for (const sid of sids) await h.call('DELETE', `SIP/Domains/${sid}.json`, undefined, h.b);
  });
});
