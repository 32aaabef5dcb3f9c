import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStore, type TestStore } from '#test/support/embedded-store.js';
import {
  accountCalls,
  answerChallenge,
  asResponse,
  CALLER_IP,
  createAccount,
  createDomain,
  createRouter,
  type DomainOptions,
  headerValues,
  inviteEvent,
  type Router,
  type TestAccount,
  type TestDomain,
} from './route-harness.js';
import { type CustomerWeb, formOf, HANGUP, startCustomerWeb, twiml } from './web-server.js';

describe('INVITE admission (reference §3; RFC 3261 §22.3)', () => {
  let store: TestStore;
  let router: Router;
  let web: CustomerWeb;
  let account: TestAccount;
  let voiceUrl: string;
  let labels = 0;
  const freshDomain = (options: DomainOptions = {}) =>
    createDomain(store, account, `adm${++labels}`, { voiceUrl, ...options });
  /** The domain's call records: none exist until an INVITE is admitted. */
  const callsTo = async (domain: TestDomain) =>
    (await accountCalls(store, account.sid, router.now())).filter((call) => call.domainSid === domain.sid);

  beforeAll(async () => {
    store = await startTestStore();
    router = createRouter(store);
    web = await startCustomerWeb();
    account = await createAccount(store);
    voiceUrl = web.on('/voice', twiml(HANGUP));
  });
  afterAll(async () => {
    await web.close();
    await store.stop();
  });

  it('MUST answer 404 with X-SipEdge-Error 32002 to a Request-URI that names no SIP Domain', async () => {
    const domain = await freshDomain();
    for (const requestUri of ['sip:bob@nope.sip.localhost', 'sip:bob@example.com', 'sip:bob@192.0.2.1']) {
      const result = asResponse(await router.handle(inviteEvent(domain, { requestUri })));
      expect(result).toMatchObject({ status: 404, reason: 'Not Found' });
      expect(headerValues(result, 'X-SipEdge-Error')).toEqual(['32002 SIP Domain not found']);
    }
  });

  it('MUST refuse with 403 a domain with neither an IP ACL nor a credential list mapped for calls', async () => {
    const before = web.requestsTo('/voice').length;
    const domain = await freshDomain({ callUsers: null });
    const result = asResponse(await router.handle(inviteEvent(domain)));
    expect(result).toMatchObject({ status: 403, reason: 'Forbidden' });
    expect(headerValues(result, 'Warning')[0]).toMatch(
      /^399 adm\d+\.sip\.localhost ".*no IP access control list/,
    );
    expect(web.requestsTo('/voice')).toHaveLength(before);
    expect(await callsTo(domain)).toEqual([]);
  });

  it('MUST answer 403 with X-SipEdge-Error 32201 when the source address is not in the IP ACL', async () => {
    const domain = await freshDomain({ callUsers: null, aclAddresses: ['203.0.113.9'] });
    const before = web.requestsTo('/voice').length;
    const refused = asResponse(await router.handle(inviteEvent(domain)));
    expect(refused).toMatchObject({ status: 403, reason: 'Forbidden' });
    expect(headerValues(refused, 'X-SipEdge-Error')).toEqual(['32201 Source IP address not in ACL']);
    expect(headerValues(refused, 'Proxy-Authenticate')).toEqual([]);
    expect(web.requestsTo('/voice')).toHaveLength(before);

    const source = { address: '203.0.113.9', port: 5060 };
    const admitted = asResponse(await router.handle(inviteEvent(domain, { source })));
    expect(admitted.status).toBe(603);
    expect(admitted.auth).toBeUndefined();
    const form = formOf(web.requestsTo('/voice').at(-1) ?? expect.fail('no webhook'));
    expect(form).toMatchObject({ SipSourceIp: '203.0.113.9', SipDomainSid: domain.sid });
    expect(form.SipUsername).toBeUndefined();
  });

  it('MUST challenge with 407 and Proxy-Authenticate, then admit the right credentials', async () => {
    const domain = await freshDomain();
    const challenge = asResponse(await router.handle(inviteEvent(domain)));
    expect(challenge).toMatchObject({ status: 407, reason: 'Proxy Authentication Required' });
    expect(challenge.auth).toBeUndefined();
    expect(headerValues(challenge, 'X-SipEdge-Error')).toEqual([]);
    const challenges = headerValues(challenge, 'Proxy-Authenticate');
    expect(challenges).toHaveLength(2);
    expect(challenges[0]).toMatch(/^Digest realm="sip.localhost".*algorithm=MD5.*qop="auth"/);
    expect(challenges[1]).toMatch(/algorithm=SHA-256/);
    expect(await callsTo(domain)).toEqual([]);

    const requestUri = `sip:+14155550100@${domain.name}`;
    const answer = answerChallenge(challenge, requestUri);
    const result = asResponse(
      await router.handle(inviteEvent(domain, { headers: [`Proxy-Authorization: ${answer}`] })),
    );
    expect(result.status).toBe(603);
    expect(result.auth).toMatchObject({ outcome: 'accepted', nonceCount: 1 });
    const form = formOf(web.requestsTo('/voice').at(-1) ?? expect.fail('no webhook'));
    expect(form.SipUsername).toBe('alice');
  });

  it('MUST answer a wrong password and an unknown user with the same 407 and report the rejected attempt (32202)', async () => {
    const domain = await freshDomain();
    const requestUri = `sip:+14155550100@${domain.name}`;
    const answers = [];
    for (const credentials of [{ password: 'wrong-password-1' }, { username: 'mallory' }]) {
      const challenge = asResponse(await router.handle(inviteEvent(domain)));
      const answer = answerChallenge(challenge, requestUri, credentials);
      answers.push(
        asResponse(await router.handle(inviteEvent(domain, { headers: [`Proxy-Authorization: ${answer}`] }))),
      );
    }
    for (const result of answers) {
      expect(result).toMatchObject({ status: 407, auth: { outcome: 'rejected' } });
      expect(headerValues(result, 'X-SipEdge-Error')).toEqual(['32202 Bad user credentials']);
      expect(headerValues(result, 'Proxy-Authenticate')).toHaveLength(2);
    }
    expect(answers[0]?.reason).toBe(answers[1]?.reason);
  });

  it('MUST enforce both the IP ACL and the credentials when both are mapped (Twilio: both are enforced)', async () => {
    const domain = await freshDomain({ aclAddresses: [CALLER_IP] });
    const elsewhere = { address: '192.0.2.50', port: 5060 };
    const refused = asResponse(await router.handle(inviteEvent(domain, { source: elsewhere })));
    expect(refused.status).toBe(403);
    expect(headerValues(refused, 'X-SipEdge-Error')).toEqual(['32201 Source IP address not in ACL']);
    const challenged = asResponse(await router.handle(inviteEvent(domain)));
    expect(challenged.status).toBe(407);
  });
});
