import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpReply } from '#functions/route/webhook/http-exchange.js';
import { withOwnTwimlBins } from '#functions/route/webhook/own-twiml-bins.js';
import { prepareRequest } from '#functions/route/webhook/prepare-request.js';
import { overHttp, type TwimlTransport } from '#functions/route/webhook/twiml-transport.js';
import { DEFAULT_WEBHOOK_LIMITS } from '#functions/route/webhook/webhook-limits.js';
import type { TwimlRequest } from '#functions/route/webhook/webhook-request.js';
import { createAuthDirectory } from '#functions/shared/store/auth-directory.js';
import { type ApiHarness, startApiHarness, type TestAccount } from '../../admin/api-harness.js';

const TEMPLATE = '<Response><Dial><Sip>sip:{{To}}@example.com</Sip></Dial><Say>{{Greeting}}</Say></Response>';

describe('TwiML Bins of this deployment, served in-process by the route handler', () => {
  let h: ApiHarness;
  let binUrl: string;
  let inProcess: TwimlTransport;
  const sentOn: string[] = [];

  beforeAll(async () => {
    h = await startApiHarness();
    const created = await h.call('POST', 'TwimlBins.json', { FriendlyName: 'Forward', Twiml: TEMPLATE });
    binUrl = created.body.url;
    const directory = createAuthDirectory({
      store: h.store,
      cacheTtlMs: 0,
      maxCacheEntries: 10,
      now: Date.now,
    });
    inProcess = withOwnTwimlBins([h.baseUrl], directory, (request, limits) => {
      sentOn.push(request.url.href);
      return overHttp(request, limits);
    });
  });
  afterAll(() => h.stop());

  const request = (url: string, method: 'GET' | 'POST', signer: TestAccount): TwimlRequest => ({
    url,
    method,
    params: { AccountSid: signer.sid, To: 'bob', Greeting: 'a <b> & c' },
    authToken: signer.token,
  });
  /** The same signed request, in-process and over HTTP to the admin API. */
  const both = async (twiml: TwimlRequest, limits = DEFAULT_WEBHOOK_LIMITS) => {
    const prepared = prepareRequest(twiml);
    if (!prepared.ok) throw new Error(prepared.error);
    sentOn.length = 0;
    const local = await inProcess(prepared.value, limits);
    const sent = [...sentOn];
    const remote = await overHttp(prepared.value, limits);
    const shape = (r: typeof local) => {
      if (!r.ok) return r;

      const reply: HttpReply = r.value;
      return { ok: true, value: { ...reply, body: reply.body.toString('utf8') } };
    };
    return { local: shape(local), remote: shape(remote), sent };
  };

  it('MUST answer a signed POST for an own bin without HTTP, exactly as the API does', async () => {
    const { local, remote, sent } = await both(request(binUrl, 'POST', h.a));
    expect(sent).toEqual([]);
    expect(local).toEqual(remote);
    expect(local).toMatchObject({
      ok: true,
      value: { status: 200, contentType: 'text/xml; charset=utf-8', overLimit: false },
    });
    expect(local.ok && local.value.body).toBe(
      '<Response><Dial><Sip>sip:bob@example.com</Sip></Dial><Say>a &lt;b&gt; &amp; c</Say></Response>',
    );
  });

  it('MUST render a signed GET from its query string, exactly as the API does', async () => {
    const { local, remote, sent } = await both(request(`${binUrl}?Greeting=first`, 'GET', h.a));
    expect(sent).toEqual([]);
    expect(local).toEqual(remote);
    expect(local.ok && local.value.body).toContain('<Say>first</Say>');
  });

  it("MUST refuse a request signed with another account's token (403) and an unknown bin (404), as the API does", async () => {
    const foreign = await both(request(binUrl, 'POST', h.b));
    expect(foreign.local).toEqual(foreign.remote);
    expect(foreign.local).toMatchObject({ ok: true, value: { status: 403 } });
    const missing = await both(
      request(`${h.baseUrl}/twiml-bins/${h.a.sid}/EH${'0'.repeat(32)}`, 'POST', h.a),
    );
    expect(missing.local).toEqual(missing.remote);
    expect(missing.local).toMatchObject({ ok: true, value: { status: 404 } });
  });

  it('MUST cut a reply longer than the size limit as the HTTP exchange does', async () => {
    const limits = { ...DEFAULT_WEBHOOK_LIMITS, maxResponseBodyBytes: 40 };
    const { local, remote } = await both(request(binUrl, 'POST', h.a), limits);
    expect(local).toEqual(remote);
    expect(local).toMatchObject({ ok: true, value: { overLimit: true } });
  });

  it('sends every other URL over HTTP: another origin, or another path of the API', async () => {
    const otherOrigin = binUrl.replace('127.0.0.1', 'localhost');
    expect((await both(request(otherOrigin, 'POST', h.a))).sent).toEqual([otherOrigin]);
    const apiPath = `${h.baseUrl}/2010-04-01/Accounts/${h.a.sid}/TwimlBins.json`;
    expect((await both(request(apiPath, 'GET', h.a))).sent).toHaveLength(1);
  });
});
