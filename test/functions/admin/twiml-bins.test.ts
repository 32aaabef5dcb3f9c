import { tmpdir } from 'node:os';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '#functions/admin/cli/run-cli.js';
import { serveTwimlBin, tableBinSource } from '#functions/shared/twiml-bin/serve-bin.js';
import { type ApiHarness, startApiHarness, type TestAccount } from './api-harness.js';

const TEMPLATE =
  '<Response><Dial callerId="{{#e164}}{{From}}{{/e164}}">{{#e164}}{{To}}{{/e164}}</Dial>' +
  '<Say>{{Greeting}}</Say></Response>';

describe('TwiML Bins (SipEdge extension)', () => {
  let h: ApiHarness;
  let bin: { sid: string; url: string };
  const sign = (account: TestAccount, url: string, params: Record<string, string> = {}) =>
    twilio.getExpectedTwilioSignature(account.token, url, params);
  /** Fetches a bin as the gateway would: POST form parameters or a GET query, signed or not. */
  const serve = async (
    url: string,
    options: { form?: Record<string, string>; signature?: string; method?: string } = {},
  ) => {
    const res = await fetch(url, {
      method: options.method ?? (options.form === undefined ? 'GET' : 'POST'),
      headers: {
        ...(options.signature === undefined ? {} : { 'x-twilio-signature': options.signature }),
        ...(options.form === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(options.form === undefined ? {} : { body: new URLSearchParams(options.form).toString() }),
    });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };

  beforeAll(async () => {
    h = await startApiHarness();
    const created = await h.call('POST', 'TwimlBins.json', { FriendlyName: 'Forward', Twiml: TEMPLATE });
    expect(created.status).toBe(201);
    bin = created.body;
  });
  afterAll(() => h.stop());

  describe('API', () => {
    it('creates a bin with an EH SID and the URL it is served at (from the request Host)', async () => {
      const created = await h.call('POST', 'TwimlBins.json', { FriendlyName: 'Hello', Twiml: '<Response/>' });
      expect(created.body).toMatchObject({
        account_sid: h.a.sid,
        friendly_name: 'Hello',
        twiml: '<Response/>',
        uri: `/2010-04-01/Accounts/${h.a.sid}/TwimlBins/${created.body.sid}.json`,
      });
      expect(created.body.sid).toMatch(/^EH[0-9a-f]{32}$/);
      expect(created.body.url).toBe(`${h.baseUrl}/twiml-bins/${h.a.sid}/${created.body.sid}`);
      expect(created.body.date_created).toMatch(/\+0000$/);
    });

    it('lists, fetches, updates and deletes bins', async () => {
      const created = await h.call('POST', 'TwimlBins.json', { FriendlyName: 'Temp', Twiml: '<Response/>' });
      const sid = created.body.sid;
      const list = await h.call('GET', 'TwimlBins.json');
      expect(list.body.twiml_bins.map((b: { sid: string }) => b.sid)).toContain(sid);
      expect((await h.call('GET', `TwimlBins/${sid}.json`)).body.friendly_name).toBe('Temp');
      const updated = await h.call('POST', `TwimlBins/${sid}.json`, {
        Twiml: '<Response><Hangup/></Response>',
      });
      expect(updated.body).toMatchObject({ friendly_name: 'Temp', twiml: '<Response><Hangup/></Response>' });
      expect((await h.call('DELETE', `TwimlBins/${sid}.json`)).status).toBe(204);
      expect((await h.call('GET', `TwimlBins/${sid}.json`)).body).toMatchObject({ status: 404, code: 20404 });
    });

    it('MUST refuse a missing FriendlyName or Twiml, a template over 4000 characters, or unsupported tags', async () => {
      const create = (form: Record<string, string>) => h.call('POST', 'TwimlBins.json', form);
      expect((await create({ Twiml: '<Response/>' })).body).toMatchObject({ status: 400, code: 20001 });
      expect((await create({ FriendlyName: 'x' })).body).toMatchObject({ status: 400, code: 20001 });
      const long = await create({ FriendlyName: 'x', Twiml: 'x'.repeat(4001) });
      expect(long.body).toMatchObject({
        status: 400,
        code: 20001,
        message: 'Twiml must be at most 4000 characters',
      });
      const section = await create({ FriendlyName: 'x', Twiml: '{{#Dest}}<Number>{{.}}</Number>{{/Dest}}' });
      expect(section.body.message).toContain('unsupported tag');
      const update = await h.call('POST', `TwimlBins/${bin.sid}.json`, { Twiml: '{{#e164}}' });
      expect(update.body).toMatchObject({ status: 400, code: 20001 });
      expect((await h.call('GET', `TwimlBins/${bin.sid}.json`)).body.twiml).toBe(TEMPLATE);
    });

    it('MUST hide other accounts’ bins', async () => {
      expect((await h.call('GET', `TwimlBins/${bin.sid}.json`, undefined, h.b)).status).toBe(404);
      expect((await h.call('GET', 'TwimlBins.json', undefined, h.b)).body.twiml_bins).toEqual([]);
    });
  });

  describe('serving', () => {
    const call = {
      From: 'sip:+15125551212@acme.sip.localhost',
      To: 'sip:14155551212@acme.sip.localhost',
      Greeting: 'Tom & "Jerry" <3',
    };
    const rendered =
      '<Response><Dial callerId="+15125551212">+14155551212</Dial>' +
      '<Say>Tom &amp; &quot;Jerry&quot; &lt;3</Say></Response>';

    it('MUST serve the rendered template as text/xml to a POST signed with the account’s auth token', async () => {
      const res = await serve(bin.url, { form: call, signature: sign(h.a, bin.url, call) });
      expect(res).toEqual({ status: 200, type: 'text/xml; charset=utf-8', text: rendered });
    });

    it('MUST serve a GET whose signature covers the URL with its query string', async () => {
      const url = `${bin.url}?${new URLSearchParams(call).toString()}`;
      const res = await serve(url, { signature: sign(h.a, url) });
      expect(res.status).toBe(200);
      expect(res.text).toBe(rendered);
    });

    it('MUST NOT render the unsigned body of a GET', async () => {
      const served = await serveTwimlBin(tableBinSource(h.store), {
        method: 'GET',
        accountSid: h.a.sid,
        binSid: bin.sid,
        url: bin.url,
        query: new URLSearchParams(),
        form: new URLSearchParams({ Greeting: '<Hangup/>' }),
        signature: sign(h.a, bin.url),
      });
      expect(served).toEqual({
        ok: true,
        value: '<Response><Dial callerId=""></Dial><Say></Say></Response>',
      });
    });

    it('MUST accept the signature of the URL without its port (Twilio validators try both)', async () => {
      const withoutPort = bin.url.replace(/:\d+\//, '/');
      const res = await serve(bin.url, { form: call, signature: sign(h.a, withoutPort, call) });
      expect(res.status).toBe(200);
    });

    it('MUST answer 403 without a signature, with a wrong one, or one made with another account’s token', async () => {
      expect((await serve(bin.url, { form: call })).status).toBe(403);
      expect((await serve(bin.url, { form: call, signature: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' })).status).toBe(
        403,
      );
      expect((await serve(bin.url, { form: call, signature: sign(h.b, bin.url, call) })).status).toBe(403);
      const tampered = { ...call, To: 'sip:+19005551212@acme.sip.localhost' };
      expect((await serve(bin.url, { form: tampered, signature: sign(h.a, bin.url, call) })).status).toBe(
        403,
      );
      const injected = `Greeting=${encodeURIComponent('<Hangup/>')}&${new URLSearchParams(call).toString()}`;
      const res = await fetch(bin.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': sign(h.a, bin.url, call),
        },
        body: injected,
      });
      expect(res.status).toBe(403);
      const otherAccountUrl = bin.url.replace(h.a.sid, h.b.sid);
      expect((await serve(otherAccountUrl, { signature: sign(h.b, otherAccountUrl) })).status).toBe(404);
    });

    it('answers 404 for an unknown bin and 405 for other methods (signature checked first)', async () => {
      const unknown = bin.url.replace(bin.sid, `EH${'0'.repeat(32)}`);
      expect((await serve(unknown)).status).toBe(403);
      expect((await serve(unknown, { signature: sign(h.a, unknown) })).status).toBe(404);
      expect((await serve(bin.url, { method: 'DELETE', signature: sign(h.a, bin.url) })).status).toBe(405);
    });
  });

  it('sipedge twiml-bins create|list|get|update|delete', async () => {
    const env = { SIPEDGE_API_URL: h.baseUrl, SIPEDGE_ACCOUNT_SID: h.a.sid, SIPEDGE_AUTH_TOKEN: h.a.token };
    const run = async (...argv: string[]) => {
      const out: string[] = [];
      const code = await runCli(argv, { env, cwd: tmpdir(), out: (t) => out.push(t), err: () => {} });
      return { code, out: out.join('') };
    };
    const created = await run(
      'twiml-bins',
      'create',
      '--friendly-name',
      'Cli',
      '--twiml',
      '<Response/>',
      '--json',
    );
    expect(created.code).toBe(0);
    const sid = JSON.parse(created.out).sid as string;
    expect((await run('twiml-bins', 'list')).out).toMatch(/^SID\s+FRIENDLY_NAME\s+URL/);
    expect((await run('twiml-bins', 'update', sid, '--friendly-name', 'Cli2', '--json')).out).toContain(
      '"Cli2"',
    );
    expect((await run('twiml-bins', 'get', sid)).out).toContain(`/twiml-bins/${h.a.sid}/${sid}`);
    expect((await run('twiml-bins', 'delete', sid)).out).toBe(`deleted ${sid}\n`);
  });
});
