import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSid } from '#functions/shared/store/sid.js';
import { putTwimlBin } from '#functions/shared/store/twiml-bin-store.js';
import { startTestStore, type TestStore } from '#test/support/embedded-store.js';
import {
  accountAlerts,
  accountCalls,
  asResponse,
  CALLER_IP,
  createAccount,
  createAclDomain,
  type createDomain,
  createRouter,
  headerValues,
  inviteEvent,
  type Router,
  type TestAccount,
} from './route-harness.js';
import {
  type CustomerWeb,
  formOf,
  HANGUP,
  response,
  signatureValid,
  startCustomerWeb,
  status,
  twiml,
} from './web-server.js';

describe('the voice URL request (reference §4)', () => {
  let store: TestStore;
  let router: Router;
  let web: CustomerWeb;
  let account: TestAccount;
  let labels = 0;
  /** A domain admitting CALLER_IP by IP ACL alone. */
  const aclDomain = (options: Parameters<typeof createDomain>[3]) =>
    createAclDomain(store, account, `hook${++labels}`, {
      ...options,
    });

  beforeAll(async () => {
    store = await startTestStore();
    router = createRouter(store);
    web = await startCustomerWeb();
    account = await createAccount(store);
  });
  afterAll(async () => {
    await web.close();
    await store.stop();
  });

  it("serves a voice URL that is one of the deployment's own TwiML Bins in-process, with nothing on the wire", async () => {
    // Nothing listens at the API origin: over HTTP the request fails (11205).
    const apiOrigin = 'http://127.0.0.1:9';
    const bin = { sid: newSid('EH', router.now()), accountSid: account.sid, friendlyName: 'busy' };
    const date = new Date(router.now()).toISOString();
    await putTwimlBin(store, {
      ...bin,
      twiml: '<Response><Reject reason="busy"/></Response>',
      dateCreated: date,
      dateUpdated: date,
    });
    const domain = await aclDomain({ voiceUrl: `${apiOrigin}/twiml-bins/${account.sid}/${bin.sid}` });
    const ownBins = createRouter(store, { twimlBinOrigins: [apiOrigin] });
    expect(asResponse(await ownBins.handle(inviteEvent(domain)))).toMatchObject({ status: 486 });
    const overHttp = asResponse(await router.handle(inviteEvent(domain)));
    expect(overHttp.status).toBe(500);
    expect(headerValues(overHttp, 'X-SipEdge-Error')[0]).toMatch(/^11205 /);
  });

  it("MUST POST Twilio's voice parameters, signed with the account's auth token (validateRequest)", async () => {
    const voiceUrl = web.on('/params', twiml(HANGUP));
    const domain = await aclDomain({ voiceUrl: `${voiceUrl}?site=main` });
    const event = inviteEvent(domain, {
      headers: ['X-Route-Id: route-7', 'User-to-User: 123456789;encoding=hex', 'Subject: not passed'],
    });
    asResponse(await router.handle(event));

    const [request] = web.requestsTo('/params');
    if (request === undefined) throw new Error('the voice URL was not requested');
    expect(request.method).toBe('POST');
    expect(signatureValid(request, account.authToken)).toBe(true);
    const form = formOf(request);
    const [call] = (await accountCalls(store, account.sid, router.now())).filter(
      (c) => c.domainSid === domain.sid,
    );
    expect(form).toEqual({
      AccountSid: account.sid,
      ApiVersion: '2010-04-01',
      CallSid: call?.sid,
      CallStatus: 'ringing',
      Direction: 'inbound',
      From: `sip:alice@${domain.name}`,
      To: `sip:+14155550100@${domain.name}`,
      Caller: `sip:alice@${domain.name}`,
      Called: `sip:+14155550100@${domain.name}`,
      SipDomain: domain.name,
      SipDomainSid: domain.sid,
      SipCallId: 'call-1@198.51.100.7',
      SipSourceIp: CALLER_IP,
      'SipHeader_X-Route-Id': 'route-7',
      'SipHeader_User-to-User': '123456789;encoding=hex',
    });
  });

  it('MUST use the voice method: GET carries the parameters in the query string, signed', async () => {
    const voiceUrl = web.on('/get', twiml(HANGUP));
    const domain = await aclDomain({ voiceUrl, voiceMethod: 'GET' });
    asResponse(await router.handle(inviteEvent(domain)));
    const [request] = web.requestsTo('/get');
    expect(request?.method).toBe('GET');
    expect(request && formOf(request).SipDomain).toBe(domain.name);
    expect(request && signatureValid(request, account.authToken)).toBe(true);
  });

  it('MUST request the fallback URL when the voice URL fails, with ErrorCode/ErrorUrl, and record an alert', async () => {
    const failing = web.on('/broken', status(500));
    const fallback = web.on('/fallback', twiml(response('<Reject reason="busy"/>')));
    const domain = await aclDomain({ voiceUrl: failing, voiceFallbackUrl: fallback });
    const result = asResponse(await router.handle(inviteEvent(domain)));
    expect(result).toMatchObject({ status: 486, reason: 'Busy Here' });

    const [fallbackRequest] = web.requestsTo('/fallback');
    expect(fallbackRequest && formOf(fallbackRequest)).toMatchObject({
      ErrorCode: '11200',
      ErrorUrl: failing,
    });
    expect(fallbackRequest && signatureValid(fallbackRequest, account.authToken)).toBe(true);
    const [call] = (await accountCalls(store, account.sid, router.now())).filter(
      (c) => c.domainSid === domain.sid,
    );
    const alerts = (await accountAlerts(store, account.sid, router.now())).filter(
      (a) => a.resourceSid === call?.sid,
    );
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      errorCode: 11200,
      logLevel: 'error',
      requestUrl: failing,
      requestMethod: 'POST',
      responseBody: 'status 500',
    });
    expect(alerts[0]?.alertText).toMatch(/HTTP retrieval failure: HTTP 500/);
    expect(new URLSearchParams(alerts[0]?.requestVariables ?? '').get('CallSid')).toBe(call?.sid);
  });

  it('MUST end the call with 500 and the Twilio code when the voice and fallback URLs both fail', async () => {
    const failing = web.on('/down', status(503));
    const notXml = web.on('/json', (_request, res) =>
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}'),
    );
    const domain = await aclDomain({ voiceUrl: failing, voiceFallbackUrl: notXml });
    const result = asResponse(await router.handle(inviteEvent(domain)));
    expect(result).toMatchObject({ status: 500, reason: 'Server Internal Error' });
    expect(headerValues(result, 'X-SipEdge-Error')[0]).toMatch(/^12300 Invalid Content-Type/);

    const [call] = (await accountCalls(store, account.sid, router.now())).filter(
      (c) => c.domainSid === domain.sid,
    );
    expect(call?.status).toBe('failed');
    expect(call?.history.map((h) => h.status)).toEqual(['queued', 'ringing', 'failed']);
    expect(call?.sipResponseCode).toBe(500);
    const alerts = (await accountAlerts(store, account.sid, router.now())).filter(
      (a) => a.resourceSid === call?.sid,
    );
    expect(alerts.map((a) => a.errorCode).sort()).toEqual([11200, 12300]);
  });

  it('MUST end the call with 500 and alert 11200 when the domain has no voice URL at all', async () => {
    const domain = await aclDomain({});
    const result = asResponse(await router.handle(inviteEvent(domain)));
    expect(result.status).toBe(500);
    expect(headerValues(result, 'X-SipEdge-Error')[0]).toMatch(/^11200 .*no VoiceUrl/);
  });
});
