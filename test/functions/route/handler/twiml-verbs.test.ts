import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStore, type TestStore } from '#test/support/embedded-store.js';
import {
  accountAlerts,
  accountCalls,
  asProxy,
  asResponse,
  createAccount,
  createAclDomain,
  createRouter,
  headerValues,
  inviteEvent,
  type Router,
  type TestAccount,
} from './route-harness.js';
import {
  type CustomerWeb,
  formOf,
  response,
  signatureValid,
  startCustomerWeb,
  status,
  twiml,
} from './web-server.js';

describe('TwiML verbs on an inbound SIP call (reference §3, §5.6)', () => {
  let store: TestStore;
  let router: Router;
  let web: CustomerWeb;
  let account: TestAccount;
  let labels = 0;

  /** Serves `verbs` as the voice URL of a fresh domain and sends it an INVITE. */
  async function callWith(verbs: string) {
    const label = `verbs${++labels}`;
    const voiceUrl = web.on(`/${label}`, twiml(response(verbs)));
    const domain = await createAclDomain(store, account, label, {
      voiceUrl,
      voiceStatusCallbackUrl: web.on(`/${label}-status`, status(200)),
    });
    const result = await router.handle(inviteEvent(domain));
    const [call] = (await accountCalls(store, account.sid, router.now())).filter(
      (c) => c.domainSid === domain.sid,
    );
    if (call === undefined) throw new Error('no call record');
    return { result, call, label };
  }

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

  it('MUST answer <Reject reason="busy"> with 486 Busy Here; the call ends busy', async () => {
    const { result, call } = await callWith('<Reject reason="busy"/>');
    expect(asResponse(result)).toMatchObject({ status: 486, reason: 'Busy Here', headers: [] });
    expect(call).toMatchObject({ status: 'busy', sipResponseCode: 486, durationSec: 0 });
    expect(call.history.map((h) => h.status)).toEqual(['queued', 'ringing', 'busy']);
  });

  it('MUST post the status callback once when TwiML ends the call, with its final CallStatus', async () => {
    const { call, label } = await callWith('<Reject reason="busy"/>');
    const callbacks = web.requestsTo(`/${label}-status`);
    expect(callbacks).toHaveLength(1);
    expect(callbacks[0] && formOf(callbacks[0])).toMatchObject({
      CallSid: call.sid,
      CallStatus: 'busy',
      CallDuration: '0',
      SipResponseCode: '486',
    });
    expect(callbacks[0] && signatureValid(callbacks[0], account.authToken)).toBe(true);
  });

  it('MUST answer <Reject> (reason rejected) with 404 Not Found; the call ends no-answer', async () => {
    const { result, call } = await callWith('<Reject/><Dial>+14155550100</Dial>');
    expect(asResponse(result)).toMatchObject({ status: 404, reason: 'Not Found' });
    expect(call.status).toBe('no-answer');
  });

  it('declines the call with 603 on <Hangup> and on a document without verbs (nothing is answered)', async () => {
    for (const verbs of ['<Hangup/><Reject reason="busy"/>', '']) {
      const { result, call } = await callWith(verbs);
      expect(asResponse(result)).toMatchObject({ status: 603, reason: 'Decline' });
      expect(call.status).toBe('no-answer');
    }
  });

  it('MUST refuse a verb that needs a media server with 501, a Warning naming it and an alert', async () => {
    const { result, call } = await callWith('<Say>Hello</Say><Dial>+14155550100</Dial>');
    const refused = asResponse(result);
    expect(refused).toMatchObject({ status: 501, reason: 'Not Implemented' });
    expect(headerValues(refused, 'Warning')).toEqual([
      `399 ${call.to.split('@')[1]} "SipEdge does not run <Say>: it needs a media server"`,
    ]);
    expect(headerValues(refused, 'X-SipEdge-Error')).toEqual([
      '12200 SipEdge does not run <Say>: it needs a media server',
    ]);
    const alerts = (await accountAlerts(store, account.sid, router.now())).filter(
      (a) => a.resourceSid === call.sid,
    );
    expect(alerts).toMatchObject([{ errorCode: 12200, logLevel: 'error' }]);
    expect(call.status).toBe('failed');
  });

  it('MUST follow <Redirect> (relative URL, its method, signed) and run the document it returns', async () => {
    web.on('/next', twiml(response('<Reject reason="busy"/>')));
    const { result, call, label } = await callWith('<Redirect method="GET">next?step=2</Redirect>');
    expect(asResponse(result).status).toBe(486);
    const [redirected] = web.requestsTo('/next');
    expect(redirected?.method).toBe('GET');
    expect(redirected && new URL(redirected.url).pathname).toBe('/next');
    expect(redirected && formOf(redirected)).toMatchObject({
      step: '2',
      CallSid: call.sid,
      CallStatus: 'ringing',
    });
    expect(redirected && signatureValid(redirected, account.authToken)).toBe(true);
    expect(web.requestsTo(`/${label}`)).toHaveLength(1);
  });

  it('MUST stop a <Redirect> loop after maxTwimlFetchesPerEvent documents: 500 and alert 11215', async () => {
    web.on('/loop', twiml(response('<Redirect>/loop</Redirect>')));
    const before = web.requestsTo('/loop').length;
    const { result, call } = await callWith('<Redirect>/loop</Redirect>');
    const failed = asResponse(result);
    expect(failed.status).toBe(500);
    expect(headerValues(failed, 'X-SipEdge-Error')[0]).toMatch(/^11215 Too many redirects/);
    // The voice URL and nine redirects: ten documents.
    expect(web.requestsTo('/loop').length - before).toBe(9);
    expect(call.status).toBe('failed');
  });

  it('MUST turn <Pause> before <Dial> into the dial delay, and map timeout, timeLimit and callerId', async () => {
    const { result } = await callWith(
      '<Pause length="2"/><Pause/><Dial timeout="20" timeLimit="600" callerId="+14155550111"><Sip>sip:bob@example.com</Sip></Dial>',
    );
    expect(asProxy(result)).toMatchObject({
      delayMs: 3000,
      timeoutSec: 20,
      timeLimitSec: 600,
      callerId: '+14155550111',
      targets: [{ uri: 'sip:bob@example.com' }],
    });
  });
});
