import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchTwiml } from '#functions/route/webhook/fetch-twiml.js';
import { fetchWithFallback } from '#functions/route/webhook/fetch-with-fallback.js';
import { WEBHOOK_USER_AGENT } from '#functions/route/webhook/prepare-request.js';
import { overHttp } from '#functions/route/webhook/twiml-transport.js';
import { voiceRequestParams } from '#functions/route/webhook/voice-request-params.js';
import { DEFAULT_WEBHOOK_LIMITS, type WebhookLimits } from '#functions/route/webhook/webhook-limits.js';
import type { TwimlRequest } from '#functions/route/webhook/webhook-request.js';
import { ensureSelfSignedCertificate } from '#sip/local/self-signed-certificate.js';
import { INVITE } from './invite-fixture.js';
import { HANGUP, type Responder, startTwimlServer, type TwimlServer, twiml } from './twiml-server.js';
import { startUnacceptingListener } from './unaccepting-listener.js';

const TOKEN = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const T0 = 1_700_000_000_000;
const now = () => T0;
/** Small timers so that failure cases take milliseconds, not Twilio's 10–15 s. */
const FAST: WebhookLimits = { ...DEFAULT_WEBHOOK_LIMITS, connectAttemptTimeoutMs: 150, totalTimeoutMs: 600 };

const params = voiceRequestParams({
  accountSid: 'AC0123456789abcdef0123456789abcdef',
  callSid: 'CAfedcba9876543210fedcba9876543210',
  domain: { sid: 'SD0123456789abcdef0123456789abcdef', name: 'acme.sip.example.com' },
  invite: INVITE,
  sourceIp: '198.51.100.7',
  sipUsername: null,
});

let server: TwimlServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function serve(routes: Record<string, Responder>): Promise<TwimlServer> {
  server = await startTwimlServer(routes);
  return server;
}

const request = (url: string, method: 'GET' | 'POST' = 'POST'): TwimlRequest => ({
  url,
  method,
  params,
  authToken: TOKEN,
});

/** A loopback port with nothing listening: connections are refused at once. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('the voice request as the web server receives it (reference §4)', () => {
  it('MUST POST the parameters form-encoded, signed so that twilio.validateRequest accepts them', async () => {
    const web = await serve({ '/voice': twiml(HANGUP) });
    const result = await fetchTwiml(request(`${web.baseUrl}/voice?site=main`), overHttp, FAST, now);
    expect(result).toMatchObject({
      ok: true,
      value: { document: { verbs: [{ kind: 'hangup' }] }, body: HANGUP },
    });

    const [received] = web.requests;
    expect(received?.method).toBe('POST');
    expect(received?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(received?.headers['user-agent']).toBe(WEBHOOK_USER_AGENT);
    const form = Object.fromEntries(new URLSearchParams(received?.body));
    expect(form).toEqual(params);
    expect(form['SipHeader_X-Route-Id']).toBe('route-7');
    expect(form['SipHeader_User-to-User']).toBe('123456789;encoding=hex');
    expect(Object.keys(form).filter((name) => name.startsWith('SipHeader_'))).toHaveLength(3);
    const signature = String(received?.headers['x-twilio-signature']);
    expect(twilio.validateRequest(TOKEN, signature, String(received?.url), form)).toBe(true);
    expect(twilio.validateRequest(`${TOKEN}0`, signature, String(received?.url), form)).toBe(false);
  });

  it('MUST GET with the parameters in the query string, signed over the URL alone', async () => {
    const web = await serve({ '/voice': twiml(HANGUP) });
    const result = await fetchTwiml(
      request(`${web.baseUrl}/voice?defaultCountry=GB`, 'GET'),
      overHttp,
      FAST,
      now,
    );
    expect(result.ok).toBe(true);

    const [received] = web.requests;
    expect(received?.method).toBe('GET');
    expect(received?.body).toBe('');
    const query = new URL(String(received?.url)).searchParams;
    expect(query.get('defaultCountry')).toBe('GB');
    expect(Object.fromEntries([...query].filter(([name]) => name !== 'defaultCountry'))).toEqual(params);
    const signature = String(received?.headers['x-twilio-signature']);
    expect(twilio.validateRequest(TOKEN, signature, String(received?.url), {})).toBe(true);
    expect(twilio.validateRequest(TOKEN, signature, `${received?.url}&x=1`, {})).toBe(false);
  });

  it('never sends a #fragment', async () => {
    const web = await serve({ '/voice': twiml(HANGUP) });
    await fetchTwiml(request(`${web.baseUrl}/voice#rc=2`), overHttp, FAST, now);
    expect(web.requests[0]?.url).toBe(`${web.baseUrl}/voice`);
  });
});

describe('connections to the web server', () => {
  it('reuses one kept-alive connection for consecutive webhooks (RFC 9112 §9.3)', async () => {
    const web = await serve({ '/voice': twiml(HANGUP) });
    for (let i = 0; i < 3; i++) {
      const result = await fetchTwiml(request(`${web.baseUrl}/voice`), overHttp, FAST, now);
      expect(result.ok).toBe(true);
    }
    expect(web.requests).toHaveLength(3);
    expect(web.connections()).toBe(1);
  });

  it('MUST retry on a new connection when the server closes a kept-alive one unanswered (RFC 9112 §9.3.1)', async () => {
    const served = new WeakSet<object>();
    const web = await serve({
      '/voice': (_request, response) => {
        // The second request on a connection finds it closing, as after the server's idle timeout.
        if (served.has(response.socket ?? {})) return void response.socket?.destroy();
        served.add(response.socket ?? {});
        twiml(HANGUP)(_request, response);
      },
    });
    expect((await fetchTwiml(request(`${web.baseUrl}/voice`), overHttp, FAST, now)).ok).toBe(true);
    const second = await fetchTwiml(request(`${web.baseUrl}/voice`), overHttp, FAST, now);
    expect(second.ok).toBe(true);
    expect(web.connections()).toBe(2);
  });

  it('does not reuse a connection whose response was cut short at the body limit', async () => {
    const big = `<Response>${'<Pause/>'.repeat(10_000)}</Response>`;
    const web = await serve({ '/big': twiml(big), '/voice': twiml(HANGUP) });
    expect((await fetchTwiml(request(`${web.baseUrl}/big`), overHttp, FAST, now)).ok).toBe(false);
    expect((await fetchTwiml(request(`${web.baseUrl}/voice`), overHttp, FAST, now)).ok).toBe(true);
    expect(web.connections()).toBe(2);
  });
});

describe('fetch failures are alerts (reference §4.4)', () => {
  it('MUST report a server slower than the total timeout as 11205', async () => {
    const web = await serve({ '/slow': () => {} });
    const started = performance.now();
    const result = await fetchTwiml(request(`${web.baseUrl}/slow`), overHttp, FAST, now);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 11205, url: `${web.baseUrl}/slow`, method: 'POST', atMs: T0 },
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(FAST.totalTimeoutMs - 50);
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('MUST report a body that stops mid-way past the total timeout as 11205', async () => {
    const web = await serve({
      '/trickle': (_request, response) => {
        response.writeHead(200, { 'Content-Type': 'text/xml' });
        response.write('<Response>');
      },
    });
    const result = await fetchTwiml(request(`${web.baseUrl}/trickle`), overHttp, FAST, now);
    expect(result).toMatchObject({ ok: false, error: { code: 11205 } });
  });

  it('MUST report a refused connection as 11205, quickly', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/voice`;
    const started = performance.now();
    const result = await fetchTwiml(request(url), overHttp, DEFAULT_WEBHOOK_LIMITS, now);
    expect(result).toMatchObject({ ok: false, error: { code: 11205, url } });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('MUST give up connecting after connectAttempts × connectAttemptTimeoutMs (11205)', async () => {
    const listener = await startUnacceptingListener();
    try {
      const limits = { ...FAST, connectAttemptTimeoutMs: 100, totalTimeoutMs: 5_000 };
      const started = performance.now();
      const result = await fetchTwiml(
        request(`http://127.0.0.1:${listener.port}/voice`),
        overHttp,
        limits,
        now,
      );
      const elapsed = performance.now() - started;
      expect(result).toMatchObject({ ok: false, error: { code: 11205 } });
      expect(result.ok || result.error.message).toMatch(/no TCP connection within 100 ms/);
      expect(elapsed).toBeGreaterThanOrEqual(2 * 100 - 20);
      expect(elapsed).toBeLessThan(2_000);
    } finally {
      await listener.close();
    }
  });

  it('MUST report an HTTP 500 as 11200 with the status and the start of the body', async () => {
    const web = await serve({
      '/boom': (_request, response) =>
        response.writeHead(500, { 'Content-Type': 'text/plain' }).end('x'.repeat(5000)),
    });
    const result = await fetchTwiml(request(`${web.baseUrl}/boom`), overHttp, FAST, now);
    expect(result).toMatchObject({ ok: false, error: { code: 11200, responseStatus: 500 } });
    expect(result.ok || result.error.responseBody).toBe('x'.repeat(FAST.alertBodyChars));
  });

  it('MUST report a 404 and a 3xx as 11200 (a 2xx is required)', async () => {
    const web = await serve({
      '/moved': (_request, response) => response.writeHead(302, { Location: '/voice' }).end(),
    });
    expect(await fetchTwiml(request(`${web.baseUrl}/missing`), overHttp, FAST, now)).toMatchObject({
      ok: false,
      error: { code: 11200, responseStatus: 404 },
    });
    expect(await fetchTwiml(request(`${web.baseUrl}/moved`), overHttp, FAST, now)).toMatchObject({
      ok: false,
      error: { code: 11200, responseStatus: 302 },
    });
  });

  it('MUST refuse a TwiML body over 64 kB (11750), with or without Content-Length', async () => {
    const big = `<Response>${'<Pause/>'.repeat(70 * 128)}</Response>`;
    expect(Buffer.byteLength(big)).toBeGreaterThan(70_000);
    const web = await serve({
      '/sized': twiml(big),
      '/chunked': (_request, response) => {
        response.writeHead(200, { 'Content-Type': 'text/xml' });
        response.write(big.slice(0, 40_000));
        response.end(big.slice(40_000));
      },
    });
    for (const path of ['/sized', '/chunked']) {
      const result = await fetchTwiml(request(`${web.baseUrl}${path}`), overHttp, FAST, now);
      expect(result, path).toMatchObject({ ok: false, error: { code: 11750, responseStatus: 200 } });
    }
    const fits = `<Response>${'<Pause/>'.repeat(8000)}</Response>`;
    expect(Buffer.byteLength(fits)).toBeLessThanOrEqual(DEFAULT_WEBHOOK_LIMITS.maxResponseBodyBytes);
    const web2 = await startTwimlServer({ '/fits': twiml(fits) });
    try {
      expect((await fetchTwiml(request(`${web2.baseUrl}/fits`), overHttp, FAST, now)).ok).toBe(true);
    } finally {
      await web2.close();
    }
  });

  it('MUST require an XML or text Content-Type (12300; none at all is 11200)', async () => {
    const web = await serve({
      '/json': twiml('{"verbs":[]}', 'application/json'),
      '/none': (_request, response) => {
        response.removeHeader('Content-Type');
        response.writeHead(200).end(HANGUP);
      },
      '/xml': twiml(HANGUP, 'application/xml'),
      '/html': twiml(HANGUP, 'text/html; charset=UTF-8'),
    });
    expect(await fetchTwiml(request(`${web.baseUrl}/json`), overHttp, FAST, now)).toMatchObject({
      ok: false,
      error: { code: 12300 },
    });
    expect(await fetchTwiml(request(`${web.baseUrl}/none`), overHttp, FAST, now)).toMatchObject({
      ok: false,
      error: { code: 11200 },
    });
    expect((await fetchTwiml(request(`${web.baseUrl}/xml`), overHttp, FAST, now)).ok).toBe(true);
    expect((await fetchTwiml(request(`${web.baseUrl}/html`), overHttp, FAST, now)).ok).toBe(true);
  });

  it('MUST report TwiML that is not well-formed as 12100 and a wrong root as 12102', async () => {
    const web = await serve({ '/bad': twiml('<Response><Dial>'), '/root': twiml('<Reply/>') });
    expect(await fetchTwiml(request(`${web.baseUrl}/bad`), overHttp, FAST, now)).toMatchObject({
      ok: false,
      error: { code: 12100, responseStatus: 200, responseBody: '<Response><Dial>' },
    });
    expect(await fetchTwiml(request(`${web.baseUrl}/root`), overHttp, FAST, now)).toMatchObject({
      ok: false,
      error: { code: 12102 },
    });
  });

  it('MUST refuse a self-signed certificate (11237: "Twilio won\'t connect to ... a self-signed certificate")', async () => {
    const files = await ensureSelfSignedCertificate(join(tmpdir(), 'sipedge-webhook-test-cert'));
    const [cert, key] = await Promise.all([
      readFile(files.certPath, 'utf8'),
      readFile(files.keyPath, 'utf8'),
    ]);
    const tls = await startTwimlServer({ '/voice': twiml(HANGUP) }, { cert, key });
    try {
      const result = await fetchTwiml(request(`${tls.baseUrl}/voice`), overHttp, FAST, now);
      expect(result).toMatchObject({ ok: false, error: { code: 11237 } });
      expect(tls.requests).toHaveLength(0);
    } finally {
      await tls.close();
    }
  });

  it('MUST report a URL that is not absolute http(s) as 11200 without sending anything', async () => {
    expect(await fetchTwiml(request('/relative'), overHttp, FAST, now)).toMatchObject({
      ok: false,
      error: { code: 11200 },
    });
    expect(await fetchTwiml(request('ftp://example.com/x'), overHttp, FAST, now)).toMatchObject({
      ok: false,
      error: { code: 11200 },
    });
  });
});

describe('fallback URL (reference §4.4)', () => {
  it('MUST fetch the fallback after an HTTP 500, adding ErrorCode and ErrorUrl; both alerts are kept', async () => {
    const web = await serve({
      '/primary': (_request, response) => response.writeHead(500).end(),
      '/fallback': twiml(HANGUP),
    });
    const primary = request(`${web.baseUrl}/primary`);
    const outcome = await fetchWithFallback(
      primary,
      { url: `${web.baseUrl}/fallback`, method: 'POST' },
      overHttp,
      FAST,
      now,
    );
    expect(outcome).toMatchObject({
      ok: true,
      fetched: { url: `${web.baseUrl}/fallback`, document: { verbs: [{ kind: 'hangup' }] } },
      alerts: [{ code: 11200, url: primary.url, responseStatus: 500 }],
    });
    const fallbackRequest = web.requests[1];
    const form = Object.fromEntries(new URLSearchParams(fallbackRequest?.body));
    expect(form).toEqual({ ...params, ErrorCode: '11200', ErrorUrl: primary.url });
    const signature = String(fallbackRequest?.headers['x-twilio-signature']);
    expect(twilio.validateRequest(TOKEN, signature, String(fallbackRequest?.url), form)).toBe(true);
  });

  it('MUST fetch the fallback (with its own method) after a document parse failure (12100)', async () => {
    const web = await serve({ '/primary': twiml('<Response><Dial></Response>'), '/fallback': twiml(HANGUP) });
    const outcome = await fetchWithFallback(
      request(`${web.baseUrl}/primary`),
      { url: `${web.baseUrl}/fallback`, method: 'GET' },
      overHttp,
      FAST,
      now,
    );
    expect(outcome).toMatchObject({ ok: true, alerts: [{ code: 12100 }] });
    expect(web.requests[1]?.method).toBe('GET');
    expect(new URL(String(web.requests[1]?.url)).searchParams.get('ErrorCode')).toBe('12100');
  });

  it('returns every alert when the fallback fails too, and the primary alert alone without a fallback', async () => {
    const web = await serve({ '/primary': () => {}, '/fallback': twiml('{}', 'application/json') });
    const primary = request(`${web.baseUrl}/primary`);
    const both = await fetchWithFallback(
      primary,
      { url: `${web.baseUrl}/fallback`, method: 'POST' },
      overHttp,
      FAST,
      now,
    );
    expect(both).toMatchObject({ ok: false, alerts: [{ code: 11205 }, { code: 12300 }] });
    expect(await fetchWithFallback(primary, null, overHttp, FAST, now)).toMatchObject({
      ok: false,
      alerts: [{ code: 11205 }],
    });
  });

  it('does not fetch the fallback when the primary succeeds', async () => {
    const web = await serve({ '/primary': twiml(HANGUP), '/fallback': twiml(HANGUP) });
    const outcome = await fetchWithFallback(
      request(`${web.baseUrl}/primary`),
      { url: `${web.baseUrl}/fallback`, method: 'POST' },
      overHttp,
      FAST,
      now,
    );
    expect(outcome).toMatchObject({ ok: true, alerts: [] });
    expect(web.requests.map((r) => new URL(r.url).pathname)).toEqual(['/primary']);
  });
});
