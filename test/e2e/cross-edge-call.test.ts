/**
 * "A binding held by another edge or gateway instance is reached through that instance, at the
 * address stored in the binding. That instance sends the request over the device's own flow."
 * Checked with the real parts: two gateway instances of different edges (A = ashburn, B = sydney)
 * on loopback sharing one embedded store, the real registrar and router, a TwiML Bin served by the
 * admin API. bob registers at B over TCP from behind NAT; alice registers at A and calls him there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest } from '#functions/admin/cli/api-client.js';
import { readAorBindings } from '#functions/shared/store/binding-store.js';
import { type CallRecord, listAccountCalls } from '#functions/shared/store/call-store.js';
import { getHeaderValues } from '#sip/message/index.js';
import type { SipRequest, SipResponse } from '#sip/message/types.js';
import { formatUri } from '#sip/message/uri/format-uri.js';
import {
  calleeDialog,
  callerDialog,
  newBranch,
  type PeerDialog,
  parseRaw,
  SipPeer,
} from '#test/sip-gateway/integration/support/sip-peer.js';
import { provisionDomain } from '#test/support/provision-domain.js';
import {
  addressed,
  addressOfRecord,
  answerChallenge,
  behindNat,
  registerPeer,
  type SipAccount,
} from './support/sip-account.js';
import { startTwoEdgeStack, type TwoEdgeStack } from './support/two-edge-stack.js';

const DOMAIN = 'acme.sip.localhost';
const ALICE: SipAccount = { user: 'alice', domain: DOMAIN, password: 'Alice-Passw0rd-1' };
const BOB: SipAccount = { user: 'bob', domain: DOMAIN, password: 'Bob-Passw0rd-12' };
/** bob's Contact names a private address that is not where he registers from (RFC 5626 §5.2). */
const BOB_CONTACT = 'sip:bob@10.9.8.7:5060;transport=tcp';
const sdp = (user: string, port: number) =>
  [
    'v=0',
    `o=${user} 1 1 IN IP4 127.0.0.1`,
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=audio ${port} RTP/AVP 0`,
    '',
  ].join('\r\n');

let stack: TwoEdgeStack;
let domainSid: string;
let alice: SipPeer;
let bob: SipPeer;
let ports: { aUdp: number; aTcp: number; bTcp: number };

beforeAll(async () => {
  stack = await startTwoEdgeStack();
  const bin = await apiRequest(stack.creds, 'POST', 'TwimlBins.json', {
    FriendlyName: 'Dial the called user',
    Twiml: '<Response><Dial><Sip>{{To}}</Sip></Dial></Response>',
  });
  if (!bin.ok) throw new Error(bin.error);
  ({ domainSid } = await provisionDomain(stack.creds, {
    domainName: DOMAIN,
    users: [ALICE, BOB].map((u) => ({ username: u.user, password: u.password })),
    voiceUrl: bin.value.body.url,
  }));
  const { a, b } = stack;
  ports = { aUdp: a.gateway.ports.udp ?? 0, aTcp: a.gateway.ports.tcp ?? 0, bTcp: b.gateway.ports.tcp ?? 0 };
  alice = await SipPeer.udp('alice', ports.aUdp);
  bob = behindNat(await SipPeer.tcp('bob', ports.bTcp), BOB_CONTACT);
  expect((await registerPeer(alice, ALICE)).status).toBe(200);
  expect((await registerPeer(bob, BOB)).status).toBe(200);
}, 60_000);

afterAll(async () => {
  await Promise.all([alice?.close(), bob?.close()]);
  await stack?.stop();
});

/** The next request `method` of call `callId` the peer received (another call's messages stay queued). */
async function requestIn(peer: SipPeer, callId: string, method: string): Promise<SipRequest> {
  const { message } = await peer.log.next(
    (r) => r.message.kind === 'request' && r.message.method === method && r.message.base.callId === callId,
    `${peer.name}: ${method} of ${callId}`,
  );
  return message as SipRequest;
}

/** The next response to the request `cseq` (e.g. `2 INVITE`) of call `callId`: with `status`, else final. */
async function responseIn(
  peer: SipPeer,
  callId: string,
  cseq: string,
  status?: number,
): Promise<SipResponse> {
  const { message } = await peer.log.next(
    (r) =>
      r.message.kind === 'response' &&
      r.message.base.callId === callId &&
      `${r.message.base.cseq.seq} ${r.message.base.cseq.method}` === cseq &&
      (status === undefined ? r.message.status >= 200 : r.message.status === status),
    `${peer.name}: ${status ?? 'final'} to ${cseq} of ${callId}`,
  );
  return message as SipResponse;
}

interface EstablishedCall {
  readonly callId: string;
  /** The INVITE as bob received it, and the 200 as alice received it. */
  readonly received: SipRequest;
  readonly answer: SipResponse;
  readonly ringing: SipResponse;
  readonly aliceDialog: PeerDialog;
  readonly bobDialog: PeerDialog;
}

/**
 * alice calls bob at A: the INVITE is challenged (407, RFC 3261 §22.3), ACKed (§17.1.1.3), sent
 * again with Proxy-Authorization; bob rings and answers on his connection to B.
 */
async function establishCall(callId: string): Promise<EstablishedCall> {
  const uri = addressOfRecord(BOB);
  const from = `<${addressOfRecord(ALICE)}>;tag=${alice.tag}`;
  const to = `<${uri}>`;
  const branch = newBranch();
  const invite = (cseq: number, headers: readonly string[], inviteBranch: string) =>
    addressed(
      alice.build({
        method: 'INVITE',
        uri,
        callId,
        cseq,
        branch: inviteBranch,
        headers: ['Content-Type: application/sdp', ...headers],
        body: sdp('alice', 40_000),
      }),
      from,
      to,
    );
  await alice.send(invite(1, [], branch));
  const challenge = await responseIn(alice, callId, '1 INVITE');
  expect(challenge.status).toBe(407);
  const challengedTo = getHeaderValues(challenge, 'to')[0] ?? to;
  await alice.send(
    addressed(alice.build({ method: 'ACK', uri, callId, cseq: 1, branch }), from, challengedTo),
  );

  const credentials = answerChallenge(challenge, ALICE, 'INVITE', uri);
  const sent = invite(2, [`Proxy-Authorization: ${credentials}`], newBranch());
  await alice.send(sent);
  await responseIn(alice, callId, '2 INVITE', 100);
  const received = await requestIn(bob, callId, 'INVITE');
  await bob.respond(received, 180, 'Ringing');
  const ringing = await responseIn(alice, callId, '2 INVITE', 180);
  await bob.respond(received, 200, 'OK', {
    headers: ['Content-Type: application/sdp'],
    body: sdp('bob', 50_000),
  });
  const answer = await responseIn(alice, callId, '2 INVITE', 200);
  const request = parseRaw(sent);
  if (request.kind !== 'request') throw new Error('not a request');
  return {
    callId,
    received,
    answer,
    ringing,
    aliceDialog: callerDialog(request, answer),
    bobDialog: calleeDialog(received, bob.tag),
  };
}

/**
 * The router's records of call `callId` once it has closed them (the call-progress event that ends
 * the call reaches it after the BYE): they MUST show a completed inbound call with its duration
 * and the completed `<Dial>` leg under it.
 */
async function expectCompletedRecords(callId: string): Promise<CallRecord> {
  const deadline = Date.now() + 5_000;
  let calls: readonly CallRecord[] = [];
  let inbound: CallRecord | undefined;
  for (;;) {
    const page = await listAccountCalls(
      stack.store,
      stack.creds.accountSid,
      { pageSize: 50 },
      {},
      Date.now(),
    );
    if (!page.ok) throw new Error(page.error);
    calls = page.value.records;
    inbound = calls.find((c) => c.sipCallId === callId && c.direction === 'inbound');
    if ((inbound !== undefined && inbound.endedAtMs !== null) || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (inbound === undefined) throw new Error(`no call record for ${callId}`);
  expect(inbound.status).toBe('completed');
  expect(inbound.answeredAtMs).not.toBeNull();
  expect(inbound.durationSec).toBe(
    Math.round(((inbound.endedAtMs ?? 0) - (inbound.answeredAtMs ?? 0)) / 1000),
  );
  const legs = calls.filter((c) => c.parentCallSid === inbound.sid);
  expect(legs.map((c) => [c.direction, c.status])).toEqual([['outbound-dial', 'completed']]);
  return inbound;
}

describe('Calls: a binding held by another edge instance (RFC 5626 §5.2, §5.3; RFC 3261 §16.6, §16.12)', () => {
  it("a binding MUST name the instance holding the device's flow and the address that instance is reached at", async () => {
    const bindings = await readAorBindings(stack.store, domainSid, BOB.user, Date.now());
    const contacts = bindings.flatMap((b) => b.contacts);
    expect(contacts).toHaveLength(1);
    expect(contacts[0]?.contactUri).toBe(BOB_CONTACT);
    expect(contacts[0]?.gatewayInstanceId).toBe(stack.b.config.instanceId);
    expect(contacts[0]?.relayAddress).toBe(`127.0.0.1:${ports.bTcp}`);
  });

  it("MUST reach a binding held by another edge's instance through that instance, over the device's own flow; ACK and the caller's BYE follow both Record-Routes", async () => {
    const call = await establishCall('cross-edge-caller-bye');
    const { received, ringing, answer } = call;

    // B sent it on bob's connection (A relayed it to B's relay address), to the Contact he registered.
    expect(formatUri(received.uri)).toBe(BOB_CONTACT);
    expect(received.base.via.map((v) => v.port)).toEqual([ports.bTcp, ports.aTcp, alice.localPort]);
    expect(getHeaderValues(received, 'route')).toEqual([]);
    const recordRoutes = getHeaderValues(received, 'record-route');
    expect(recordRoutes).toHaveLength(3);
    expect(recordRoutes[0]).toContain(`@127.0.0.1:${ports.bTcp};transport=tcp`);
    expect(recordRoutes[1]).toContain(`@127.0.0.1:${ports.aTcp};transport=tcp`);
    expect(recordRoutes[2]).toContain(`@127.0.0.1:${ports.aUdp};transport=udp`);

    // RFC 3261 §16.7: alice gets bob's 180 and 200 with both gateways' Record-Route and his Contact.
    expect(getHeaderValues(ringing, 'record-route')).toEqual(recordRoutes);
    expect(getHeaderValues(answer, 'record-route')).toEqual(recordRoutes);
    expect(answer.base.to.tag).toBe(bob.tag);
    expect(call.aliceDialog.remoteTarget).toBe(BOB_CONTACT);
    expect(Buffer.from(answer.body).toString('latin1')).toContain('m=audio 50000');

    await alice.send(alice.inDialog(call.aliceDialog, 'ACK'));
    const ack = await requestIn(bob, call.callId, 'ACK');
    expect(formatUri(ack.uri)).toBe(BOB_CONTACT);

    // Twilio's CallDuration counts whole seconds from the answer: stay up for one.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await alice.send(alice.inDialog(call.aliceDialog, 'BYE'));
    const bye = await requestIn(bob, call.callId, 'BYE');
    expect(bye.base.via.map((v) => v.port)).toEqual([ports.bTcp, ports.aTcp, alice.localPort]);
    expect(getHeaderValues(bye, 'route')).toEqual([]);
    await bob.respond(bye, 200, 'OK');
    expect((await responseIn(alice, call.callId, `${call.aliceDialog.cseq} BYE`)).status).toBe(200);

    expect((await expectCompletedRecords(call.callId)).durationSec).toBeGreaterThanOrEqual(1);
  });

  it("MUST carry the device's BYE back through the instance holding its flow and the caller's instance", async () => {
    const call = await establishCall('cross-edge-callee-bye');
    await alice.send(alice.inDialog(call.aliceDialog, 'ACK'));
    await requestIn(bob, call.callId, 'ACK');

    await bob.send(bob.inDialog(call.bobDialog, 'BYE'));
    const bye = await requestIn(alice, call.callId, 'BYE');
    expect(formatUri(bye.uri)).toBe(alice.contact);
    expect(bye.base.via.map((v) => v.port)).toEqual([ports.aUdp, ports.bTcp, bob.localPort]);
    expect(getHeaderValues(bye, 'route')).toEqual([]);
    await alice.respond(bye, 200, 'OK');
    expect((await responseIn(bob, call.callId, `${call.bobDialog.cseq} BYE`)).status).toBe(200);

    await expectCompletedRecords(call.callId);
  });
});
