/**
 * "A binding held by another edge is reached through that edge's public name, with a flow token
 * naming the instance holding the device's flow. That instance sends the request over the device's
 * own flow." Checked with the real parts: two gateway instances of different edges (A = ashburn,
 * B = sydney) on loopback sharing one embedded store, each advertising its edge's name served by a
 * loopback DNS, the real registrar and router, a TwiML Bin served by the admin API. bob registers at
 * B over TCP from behind NAT; alice registers at A and calls him there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAorBindings } from '#functions/shared/store/binding-store.js';
import { type CallRecord, listAccountCalls } from '#functions/shared/store/call-store.js';
import { getHeaderValues } from '#sip/message/index.js';
import { formatUri } from '#sip/message/uri/format-uri.js';
import type { SipPeer } from '#test/sip-gateway/integration/support/sip-peer.js';
import {
  BOB,
  BOB_CONTACT,
  establishCall as establish,
  provisionCallParties,
  requestIn,
  responseIn,
} from './support/cross-edge-call.js';
import { startTwoEdgeStack, type TwoEdgeStack } from './support/two-edge-stack.js';

let stack: TwoEdgeStack;
let domainSid: string;
let alice: SipPeer;
let bob: SipPeer;
let ports: { aUdp: number; aTcp: number; bTcp: number };

beforeAll(async () => {
  stack = await startTwoEdgeStack();
  const { a, b } = stack;
  ports = { aUdp: a.gateway.ports.udp ?? 0, aTcp: a.gateway.ports.tcp ?? 0, bTcp: b.gateway.ports.tcp ?? 0 };
  ({ alice, bob, domainSid } = await provisionCallParties(stack, ports.bTcp));
}, 60_000);

afterAll(async () => {
  await Promise.all([alice?.close(), bob?.close()]);
  await stack?.stop();
});

const establishCall = (callId: string) => establish({ alice, bob }, callId);

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

    // B sent it on bob's connection (A located sip.sydney.localhost, RFC 3263), to the Contact he registered.
    expect(formatUri(received.uri)).toBe(BOB_CONTACT);
    expect(received.base.via.map((v) => v.port)).toEqual([ports.bTcp, ports.aTcp, alice.localPort]);
    expect(getHeaderValues(received, 'route')).toEqual([]);
    const recordRoutes = getHeaderValues(received, 'record-route');
    expect(recordRoutes).toHaveLength(3);
    expect(recordRoutes[0]).toContain(`@sip.sydney.localhost:${ports.bTcp};transport=tcp`);
    expect(recordRoutes[1]).toContain(`@sip.ashburn.localhost:${ports.aTcp};transport=tcp`);
    expect(recordRoutes[2]).toContain(`@sip.ashburn.localhost:${ports.aUdp};transport=udp`);

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
