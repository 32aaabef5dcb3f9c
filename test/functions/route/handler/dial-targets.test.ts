import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeEdgeBindings } from '#functions/shared/store/binding-store.js';
import { binding } from '#test/functions/register/binding-fixtures.js';
import { startTestStore, type TestStore } from '#test/support/embedded-store.js';
import {
  accountAlerts,
  accountCalls,
  asProxy,
  asResponse,
  createAccount,
  createAclDomain,
  createDomain,
  createRouter,
  headerValues,
  inviteEvent,
  type Router,
  T0,
  type TestAccount,
  type TestDomain,
} from './route-harness.js';
import { type CustomerWeb, formOf, response, startCustomerWeb, twiml } from './web-server.js';

describe('<Dial> targets (reference §5.1–§5.3, §6.5)', () => {
  let store: TestStore;
  let router: Router;
  let web: CustomerWeb;
  let account: TestAccount;
  let office: TestDomain;
  let labels = 0;

  /** Serves `verbs` as the voice URL of a fresh domain of `owner` and sends it an INVITE. */
  async function callWith(verbs: string, routerToUse = router) {
    const label = `dial${++labels}`;
    const voiceUrl = web.on(`/${label}`, twiml(response(verbs)));
    const domain = await createAclDomain(store, account, label, {
      voiceUrl,
    });
    const result = await routerToUse.handle(inviteEvent(domain));
    const calls = await accountCalls(store, account.sid, routerToUse.now());
    const call = calls.find((c) => c.domainSid === domain.sid);
    if (call === undefined) throw new Error('no call record');
    const alerts = (await accountAlerts(store, account.sid, routerToUse.now())).filter(
      (a) => a.resourceSid === call.sid,
    );
    return { result, call, alerts, calls };
  }

  beforeAll(async () => {
    store = await startTestStore();
    router = createRouter(store);
    web = await startCustomerWeb();
    account = await createAccount(store);
    office = await createDomain(store, account, 'office');
  });
  afterAll(async () => {
    await web.close();
    await store.stop();
  });

  it('MUST ring every live binding of a registered AOR, across edges: one target per binding', async () => {
    const owner = {
      accountSid: account.sid,
      domainSid: office.sid,
      aor: `sip:bob@${office.name}`,
      aorUser: 'bob',
    };
    const desk = binding({
      contactUri: 'sip:bob@192.168.1.20:5060;transport=udp',
      source: { address: '203.0.113.20', port: 41000 },
      flowId: 'udp:203.0.113.20:41000',
      gatewayInstanceId: 'gw-ash-1',
      relayAddress: '10.0.1.1:5070',
      expiresAtMs: T0 + 600_000,
    });
    const expired = binding({ contactUri: 'sip:bob@192.168.1.99', expiresAtMs: T0 - 1 });
    const mobile = binding({
      contactUri: 'sip:bob@10.8.0.3:5061;transport=tls',
      transport: 'tls',
      source: { address: '198.51.100.30', port: 50123 },
      flowId: 'tls:flow-9',
      gatewayInstanceId: 'gw-syd-2',
      relayAddress: '10.2.0.7:5070',
      path: ['<sip:edge-proxy.example.com;lr>'],
      expiresAtMs: T0 + 3_600_000,
    });
    await writeEdgeBindings(store, { ...owner, edge: 'ashburn' }, [desk, expired], null);
    await writeEdgeBindings(store, { ...owner, edge: 'sydney' }, [mobile], null);

    const { result } = await callWith(`<Dial><Sip>sip:bob@${office.name}?X-Ticket=42</Sip></Dial>`);
    const dial = asProxy(result);
    expect(dial.timeoutSec).toBe(30);
    expect(dial.timeLimitSec).toBe(14_400);
    expect(dial.delayMs).toBeUndefined();
    expect(dial.targets).toHaveLength(2);
    expect(dial.targets).toContainEqual({
      uri: 'sip:bob@192.168.1.20:5060;transport=udp',
      destination: { transport: 'udp', address: '203.0.113.20', port: 41000 },
      flow: {
        edge: 'ashburn',
        instanceId: 'gw-ash-1',
        flowId: 'udp:203.0.113.20:41000',
        relayAddress: '10.0.1.1:5070',
      },
      headers: [{ name: 'X-Ticket', value: '42' }],
    });
    expect(dial.targets).toContainEqual({
      uri: 'sip:bob@10.8.0.3:5061;transport=tls',
      destination: { transport: 'tls', address: '198.51.100.30', port: 50123 },
      // The edge whose registrar wrote the binding: its gateways reach it from elsewhere via sip.sydney.<zone>.
      flow: { edge: 'sydney', instanceId: 'gw-syd-2', flowId: 'tls:flow-9', relayAddress: '10.2.0.7:5070' },
      path: ['<sip:edge-proxy.example.com;lr>'],
      headers: [{ name: 'X-Ticket', value: '42' }],
    });
  });

  it('MUST fail a <Dial> to an unregistered AOR at once as no-answer with alert 32009', async () => {
    const { result, call, alerts, calls } = await callWith(
      `<Dial><Sip>sip:nobody@${office.name}</Sip></Dial>`,
    );
    const failed = asResponse(result);
    expect(failed).toMatchObject({ status: 480, reason: 'Temporarily Unavailable' });
    expect(headerValues(failed, 'X-SipEdge-Error')).toEqual([
      '32009 Dialing SIP Endpoint failure - User not registered',
    ]);
    expect(alerts).toMatchObject([{ errorCode: 32009, logLevel: 'warning' }]);
    expect(call.status).toBe('no-answer');
    const child = calls.find((c) => c.parentCallSid === call.sid);
    expect(child).toMatchObject({
      direction: 'outbound-dial',
      to: `sip:nobody@${office.name}`,
      status: 'no-answer',
      durationSec: 0,
    });
  });

  it('MUST request the Dial action of a <Dial> that rang nothing, with DialCallStatus, and run its TwiML', async () => {
    web.on('/after-dial', twiml(response('<Reject reason="busy"/>')));
    const { result, call } = await callWith(
      `<Dial action="/after-dial"><Sip>sip:nobody@${office.name}</Sip></Dial>`,
    );
    expect(asResponse(result).status).toBe(486);
    const [request] = web.requestsTo('/after-dial');
    expect(request && formOf(request)).toMatchObject({
      CallSid: call.sid,
      DialCallStatus: 'no-answer',
      DialCallDuration: '0',
      DialSipResponseCode: '480',
    });
    expect(call.status).toBe('busy');
  });

  it('MUST refuse registered-endpoint dialling that Twilio refuses: edge form 32220, no user 32223, other account 32214', async () => {
    const other = await createAccount(store);
    const foreign = await createDomain(store, other, 'foreign');
    const cases = [
      [`sip:bob@${office.name.replace('.sip.', '.sip.sydney.')}`, 32220, 403],
      [`sip:${office.name}`, 32223, 484],
      [`sip:bob@${foreign.name}`, 32214, 403],
      ['sip:bob@missing.sip.localhost', 32002, 404],
    ] as const;
    for (const [uri, code, status] of cases) {
      const { result, alerts } = await callWith(`<Dial><Sip>${uri}</Sip></Dial>`);
      expect(asResponse(result).status).toBe(status);
      expect(alerts.map((a) => a.errorCode)).toEqual([code]);
    }
  });

  it('MUST send any other <Sip> URI as one branch with its URI headers and digest credentials', async () => {
    const { result } = await callWith(
      '<Dial><Sip username="trunkuser" password="s3cret">sip:bob@pbx.example.com;transport=tcp?X-Account=7&amp;User-to-User=1234%3Bencoding%3Dhex</Sip></Dial>',
    );
    expect(asProxy(result).targets).toEqual([
      {
        uri: 'sip:bob@pbx.example.com;transport=tcp',
        headers: [
          { name: 'X-Account', value: '7' },
          { name: 'User-to-User', value: '1234;encoding=hex' },
        ],
        credentials: { username: 'trunkuser', password: 's3cret' },
      },
    ]);
  });

  it('MUST dial <Number> through the carrier trunk, the E.164 number as the user part', async () => {
    const trunked = createRouter(store, {
      carrierTrunk: { uri: 'sip:carrier.example.net;transport=tls', username: 'acct', password: 'pw' },
    });
    const { result } = await callWith('<Dial><Number>+1 (415) 555-0199</Number></Dial>', trunked);
    expect(asProxy(result).targets).toEqual([
      {
        uri: 'sip:+14155550199@carrier.example.net;transport=tls',
        credentials: { username: 'acct', password: 'pw' },
      },
    ]);
  });

  it('MUST fail <Number> with alert 32400 when no carrier trunk is configured, and <Client> with 13215', async () => {
    const number = await callWith('<Dial>+14155550199</Dial>');
    expect(asResponse(number.result).status).toBe(404);
    expect(number.alerts.map((a) => a.errorCode)).toEqual([32400]);
    const client = await callWith('<Dial><Client>alice</Client></Dial>');
    expect(client.alerts.map((a) => a.errorCode)).toEqual([13215]);
  });

  it('MUST ring the nouns that can be rung when others fail, recording an alert for each failure', async () => {
    const { result, alerts } = await callWith(
      `<Dial><Sip>sip:nobody@${office.name}</Sip><Sip>sip:carol@pbx.example.com</Sip></Dial>`,
    );
    expect(asProxy(result).targets).toEqual([{ uri: 'sip:carol@pbx.example.com' }]);
    expect(alerts.map((a) => a.errorCode)).toEqual([32009]);
  });
});
