import { tmpdir } from 'node:os';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '#functions/admin/cli/run-cli.js';
import { type AlertRecord, type NewAlert, recordAlert } from '#functions/shared/store/alert-store.js';
import { type ApiHarness, basic, startApiHarness, type TestAccount } from './api-harness.js';
import { localTwilioHttpClient } from './twilio-http-client.js';

const CALL_SID = `CA${'2'.repeat(32)}`;

describe('Alerts (Twilio Monitor v1)', () => {
  let h: ApiHarness;
  let first: AlertRecord;
  let warning: AlertRecord;
  let latest: AlertRecord;
  const monitor = async (path: string, as: TestAccount | undefined) => {
    const res = await fetch(`${h.baseUrl}/v1/${path}`, {
      headers: as === undefined ? {} : { authorization: basic(as) },
    });
    // biome-ignore lint/suspicious/noExplicitAny: test assertions read arbitrary JSON
    const body: any = await res.json();
    return { status: res.status, body };
  };
  const alert = (overrides: Partial<NewAlert>): NewAlert => ({
    accountSid: h.a.sid,
    errorCode: 11200,
    logLevel: 'error',
    alertText: 'Msg=HTTP+retrieval+failure&httpResponse=502',
    resourceSid: CALL_SID,
    requestUrl: 'https://example.com/voice',
    requestMethod: 'POST',
    requestVariables: 'CallSid=CA2&To=sip%3A%2B14155551212%40acme.sip.localhost',
    responseBody: '<html>Bad Gateway</html>',
    responseHeaders: 'Content-Type=text%2Fhtml',
    nowMs: h.now(),
    ...overrides,
  });

  beforeAll(async () => {
    h = await startApiHarness();
    first = await recordAlert(h.store, alert({ nowMs: Date.UTC(2026, 0, 14, 9) }));
    warning = await recordAlert(
      h.store,
      alert({
        errorCode: 32101,
        logLevel: 'warning',
        alertText: 'not E.164',
        nowMs: Date.UTC(2026, 0, 15, 9),
      }),
    );
    latest = await recordAlert(h.store, alert({ nowMs: Date.UTC(2026, 0, 15, 11) }));
    await recordAlert(h.store, alert({ accountSid: h.b.sid, nowMs: Date.UTC(2026, 0, 15, 10) }));
  });
  afterAll(() => h.stop());

  it('records alerts with NO SIDs', () => {
    for (const a of [first, warning, latest]) expect(a.sid).toMatch(/^NO[0-9a-f]{32}$/);
  });

  it('MUST list the authenticated account’s alerts newest first, without request/response data', async () => {
    const res = await monitor('Alerts', h.a);
    expect(res.status).toBe(200);
    expect(res.body.alerts.map((a: { sid: string }) => a.sid)).toEqual([latest.sid, warning.sid, first.sid]);
    expect(res.body.alerts[0]).toEqual({
      account_sid: h.a.sid,
      alert_text: 'Msg=HTTP+retrieval+failure&httpResponse=502',
      api_version: '2010-04-01',
      date_created: '2026-01-15T11:00:00Z',
      date_generated: '2026-01-15T11:00:00Z',
      date_updated: '2026-01-15T11:00:00Z',
      error_code: '11200',
      log_level: 'error',
      more_info: 'https://www.twilio.com/docs/errors/11200',
      request_method: 'POST',
      request_url: 'https://example.com/voice',
      resource_sid: CALL_SID,
      service_sid: null,
      sid: latest.sid,
      url: `${h.baseUrl}/v1/Alerts/${latest.sid}`,
    });
    expect(res.body.meta).toMatchObject({ key: 'alerts', page: 0, page_size: 50, next_page_url: null });
  });

  it('MUST include the request and response data when one alert is fetched', async () => {
    const res = await monitor(`Alerts/${first.sid}`, h.a);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      sid: first.sid,
      request_variables: 'CallSid=CA2&To=sip%3A%2B14155551212%40acme.sip.localhost',
      response_body: '<html>Bad Gateway</html>',
      response_headers: 'Content-Type=text%2Fhtml',
    });
  });

  it('MUST filter by LogLevel, StartDate and EndDate (inclusive; a date alone is the whole day)', async () => {
    const sids = async (query: string) =>
      (await monitor(`Alerts?${query}`, h.a)).body.alerts.map((a: { sid: string }) => a.sid);
    expect(await sids('LogLevel=warning')).toEqual([warning.sid]);
    expect(await sids('StartDate=2026-01-15')).toEqual([latest.sid, warning.sid]);
    expect(await sids('EndDate=2026-01-14')).toEqual([first.sid]);
    expect(await sids('StartDate=2026-01-15T09:00:00Z&EndDate=2026-01-15T10:59:59Z')).toEqual([warning.sid]);
    expect(await sids('LogLevel=error&StartDate=2026-01-15')).toEqual([latest.sid]);
    expect((await monitor('Alerts?LogLevel=fatal', h.a)).body).toMatchObject({ status: 400, code: 20001 });
    expect((await monitor('Alerts?StartDate=yesterday', h.a)).body).toMatchObject({
      status: 400,
      code: 20001,
    });
  });

  it('MUST keep filters in the absolute next_page_url', async () => {
    const page = await monitor('Alerts?LogLevel=error&PageSize=1', h.a);
    expect(page.body.alerts.map((a: { sid: string }) => a.sid)).toEqual([latest.sid]);
    const next = new URL(page.body.meta.next_page_url);
    expect(next.searchParams.get('LogLevel')).toBe('error');
    const res = await fetch(next, { headers: { authorization: basic(h.a) } });
    expect(((await res.json()) as { alerts: { sid: string }[] }).alerts.map((a) => a.sid)).toEqual([
      first.sid,
    ]);
  });

  it('MUST require Basic auth and hide other accounts’ alerts', async () => {
    expect((await monitor('Alerts', undefined)).body).toMatchObject({ status: 401, code: 20003 });
    expect((await monitor('Alerts', { sid: h.a.sid, token: 'wrong' })).status).toBe(401);
    expect((await monitor(`Alerts/${first.sid}`, h.b)).body).toMatchObject({ status: 404, code: 20404 });
    expect((await monitor('Alerts', h.b)).body.alerts).toHaveLength(1);
    expect((await monitor('Nothing', h.a)).status).toBe(404);
  });

  it('lists and fetches alerts through the official client (client.monitor.v1.alerts)', async () => {
    // biome-ignore lint/suspicious/noExplicitAny: the client's RequestClient type is a class; ours is duck-typed
    const client = twilio(h.a.sid, h.a.token, { httpClient: localTwilioHttpClient(h.baseUrl) as any });
    const all = await client.monitor.v1.alerts.list({ pageSize: 1 });
    expect(all.map((a) => a.sid)).toEqual([latest.sid, warning.sid, first.sid]);
    expect(all[0]?.dateCreated.toISOString()).toBe('2026-01-15T11:00:00.000Z');
    const filtered = await client.monitor.v1.alerts.list({
      logLevel: 'error',
      startDate: new Date(Date.UTC(2026, 0, 15)),
    });
    expect(filtered.map((a) => a.sid)).toEqual([latest.sid]);
    const fetched = await client.monitor.v1.alerts(warning.sid).fetch();
    expect(fetched).toMatchObject({ errorCode: '32101', logLevel: 'warning', resourceSid: CALL_SID });
    expect(fetched.requestVariables).toContain('CallSid=CA2');
  });

  it('sipedge alerts list|get', async () => {
    const env = { SIPEDGE_API_URL: h.baseUrl, SIPEDGE_ACCOUNT_SID: h.a.sid, SIPEDGE_AUTH_TOKEN: h.a.token };
    const run = async (...argv: string[]) => {
      const out: string[] = [];
      const code = await runCli(argv, { env, cwd: tmpdir(), out: (t) => out.push(t), err: () => {} });
      return { code, out: out.join('') };
    };
    const list = await run('alerts', 'list', '--page-size', '1');
    expect(list.code).toBe(0);
    expect(list.out.split('\n')[0]).toMatch(/^SID\s+DATE_CREATED\s+LOG_LEVEL\s+ERROR_CODE/);
    expect(list.out.split('\n').filter((l) => l.startsWith('NO'))).toHaveLength(3);
    const get = await run('alerts', 'get', first.sid, '--json');
    expect(JSON.parse(get.out).response_body).toBe('<html>Bad Gateway</html>');
  });
});
