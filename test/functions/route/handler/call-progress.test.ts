import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStore, type TestStore } from '#test/support/embedded-store.js';
import {
  accountCalls,
  asProxy,
  asResponse,
  createAccount,
  createAclDomain,
  createRouter,
  inviteEvent,
  progressEvent,
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

describe('after the <Dial>: call-progress, action URL, call records, status callback (reference §4.3, §5.1)', () => {
  let store: TestStore;
  let router: Router;
  let web: CustomerWeb;
  let account: TestAccount;
  let labels = 0;

  /** A fresh domain whose voice URL serves `verbs`; the INVITE must produce a `<Dial>`. */
  async function dialWith(verbs: string, options: { statusCallback?: boolean } = {}) {
    const label = `prog${++labels}`;
    const voiceUrl = web.on(`/${label}`, twiml(response(verbs)));
    const statusPath = `/${label}-status`;
    const domain = await createAclDomain(store, account, label, {
      voiceUrl,
      voiceStatusCallbackUrl: options.statusCallback ? web.on(statusPath, status(204)) : null,
    });
    const dial = asProxy(await router.handle(inviteEvent(domain)));
    const callRecord = async () => {
      const calls = await accountCalls(store, account.sid, router.now());
      const parent = calls.find((c) => c.sid === dial.callSid);
      if (parent === undefined) throw new Error('no call record');
      return { parent, children: calls.filter((c) => c.parentCallSid === dial.callSid) };
    };
    return { dial, domain, callRecord, statusRequests: () => web.requestsTo(statusPath) };
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

  it('MUST request the Dial action with DialCallStatus, DialCallSid and the DialSip* parameters, signed, and run its TwiML', async () => {
    web.on('/busy-action', twiml(response('<Reject reason="busy"/>')));
    const { dial, callRecord } = await dialWith(
      '<Dial action="/busy-action"><Sip>sip:bob@pbx.example.com</Sip></Dial><Hangup/>',
    );
    router.advance(4_000);
    const outcome = {
      dialCallStatus: 'busy' as const,
      sipResponseCode: 486,
      sipCallId: 'call-1@198.51.100.7',
      headers: [
        { name: 'X-Reason', value: 'in a meeting' },
        { name: 'User-to-User', value: 'not for action' },
      ],
    };
    const ended = { callerAwaitingAnswer: true, endedAtMs: router.now() };
    const result = asResponse(await router.handle(progressEvent(dial, outcome, ended)));
    expect(result).toMatchObject({ status: 486, reason: 'Busy Here' });

    const [request] = web.requestsTo('/busy-action');
    if (request === undefined) throw new Error('the action URL was not requested');
    expect(signatureValid(request, account.authToken)).toBe(true);
    const { parent, children } = await callRecord();
    const form = formOf(request);
    expect(form).toMatchObject({
      CallSid: dial.callSid,
      AccountSid: account.sid,
      CallStatus: 'ringing',
      Direction: 'inbound',
      DialCallStatus: 'busy',
      DialCallSid: children[0]?.sid,
      DialCallDuration: '0',
      DialBridged: 'false',
      DialSipResponseCode: '486',
      DialSipCallId: 'call-1@198.51.100.7',
      'DialSipHeader_X-Reason': 'in a meeting',
    });
    expect(Object.keys(form).filter((name) => name.includes('User-to-User'))).toEqual([]);
    expect(parent.status).toBe('busy');
    expect(children).toMatchObject([
      { direction: 'outbound-dial', to: 'sip:bob@pbx.example.com', status: 'busy', sipResponseCode: 486 },
    ]);
  });

  it('MUST go on with the verbs after the <Dial> when it has no action', async () => {
    const { dial } = await dialWith(
      '<Dial><Sip>sip:bob@pbx.example.com</Sip></Dial><Pause length="1"/><Dial timeout="10"><Sip>sip:voicemail@pbx.example.com</Sip></Dial>',
    );
    router.advance(30_000);
    // As the gateway reports an unanswered <Dial>: it ended, the caller still waits.
    const ended = { callerAwaitingAnswer: true, endedAtMs: router.now() };
    const next = asProxy(await router.handle(progressEvent(dial, { dialCallStatus: 'no-answer' }, ended)));
    expect(next).toMatchObject({
      callSid: dial.callSid,
      delayMs: 1000,
      timeoutSec: 10,
      targets: [{ uri: 'sip:voicemail@pbx.example.com' }],
    });
    // The second <Dial> ends the document: nothing is left after it.
    const done = await router.handle(progressEvent(next, { dialCallStatus: 'failed', sipResponseCode: 503 }));
    expect(done).toEqual({ version: 1, action: 'done' });
  });

  it('MUST end the call with the dial result (done) when nothing follows an unanswered <Dial>', async () => {
    const { dial, callRecord } = await dialWith('<Dial><Sip>sip:bob@pbx.example.com</Sip></Dial>', {
      statusCallback: true,
    });
    const done = await router.handle(
      progressEvent(dial, { dialCallStatus: 'no-answer', sipResponseCode: 408 }),
    );
    expect(done).toEqual({ version: 1, action: 'done' });
    const { parent } = await callRecord();
    expect(parent).toMatchObject({ status: 'no-answer', sipResponseCode: 408, durationSec: 0 });
  });

  it('MUST record an answered call as completed with its duration and POST one signed status callback with CallDuration', async () => {
    web.on('/answered-action', twiml(response('<Reject reason="busy"/>')));
    const { dial, callRecord, statusRequests } = await dialWith(
      '<Dial action="/answered-action"><Sip>sip:bob@pbx.example.com</Sip></Dial>',
      { statusCallback: true },
    );
    const answeredAtMs = router.now() + 3_000;
    router.advance(68_000);
    const event = progressEvent(
      dial,
      {
        dialCallStatus: 'completed',
        dialCallDurationSec: 65,
        sipResponseCode: 200,
        sipCallId: 'call-1@198.51.100.7',
      },
      { callerAwaitingAnswer: false, answeredAtMs, endedAtMs: router.now() },
    );
    // The call is over: the action is requested, but its TwiML has no caller to act on.
    expect(await router.handle(event)).toEqual({ version: 1, action: 'done' });
    const [action] = web.requestsTo('/answered-action');
    expect(action && formOf(action)).toMatchObject({
      CallStatus: 'completed',
      DialCallStatus: 'completed',
      DialCallDuration: '65',
      DialBridged: 'true',
    });

    const { parent, children } = await callRecord();
    expect(parent).toMatchObject({
      status: 'completed',
      answeredAtMs,
      endedAtMs: router.now(),
      durationSec: 65,
      sipResponseCode: 200,
    });
    expect(parent.history.map((h) => h.status)).toEqual(['queued', 'ringing', 'in-progress', 'completed']);
    expect(children).toMatchObject([{ status: 'completed', durationSec: 65, answeredAtMs }]);
    expect(children[0]?.history.map((h) => h.status)).toEqual(['queued', 'in-progress', 'completed']);

    const callbacks = statusRequests();
    expect(callbacks).toHaveLength(1);
    const [callback] = callbacks;
    if (callback === undefined) throw new Error('no status callback');
    expect(signatureValid(callback, account.authToken)).toBe(true);
    expect(formOf(callback)).toMatchObject({
      CallSid: dial.callSid,
      AccountSid: account.sid,
      CallStatus: 'completed',
      CallDuration: '65',
      Direction: 'inbound',
      SipResponseCode: '200',
      SipDomainSid: parent.domainSid,
      CallbackSource: 'call-progress-events',
    });

    // A repeated event changes nothing.
    await router.handle(event);
    expect((await callRecord()).parent.history).toHaveLength(4);
  });

  it('MUST record a call the caller cancelled while the <Dial> rang as canceled', async () => {
    const { dial, callRecord } = await dialWith('<Dial><Sip>sip:bob@pbx.example.com</Sip></Dial><Hangup/>');
    router.advance(2_000);
    const event = progressEvent(
      dial,
      { dialCallStatus: 'canceled', sipResponseCode: 487 },
      { callerAwaitingAnswer: false, endedAtMs: router.now() },
    );
    expect(await router.handle(event)).toEqual({ version: 1, action: 'done' });
    const { parent, children } = await callRecord();
    expect(parent).toMatchObject({ status: 'canceled', sipResponseCode: 487 });
    expect(children).toMatchObject([{ status: 'canceled' }]);
  });

  it('lists the inbound leg and its child leg with their status histories', async () => {
    const { dial } = await dialWith('<Dial><Sip>sip:bob@pbx.example.com</Sip></Dial>');
    router.advance(1_000);
    await router.handle(progressEvent(dial, { dialCallStatus: 'busy', sipResponseCode: 486 }));
    const calls = await accountCalls(store, account.sid, router.now());
    const legs = calls.filter((c) => c.sid === dial.callSid || c.parentCallSid === dial.callSid);
    // Both legs start in the same millisecond (the dial starts as the INVITE is routed): any order.
    const summary = legs.map((c) => [c.direction, c.status, c.history.map((h) => h.status)]);
    expect(summary).toHaveLength(2);
    expect(summary).toEqual(
      expect.arrayContaining([
        ['outbound-dial', 'busy', ['queued', 'busy']],
        ['inbound', 'busy', ['queued', 'ringing', 'busy']],
      ]),
    );
  });
});
