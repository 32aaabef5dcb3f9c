/**
 * An edge of two instances behind its public name, as an NLB spreads requests over an edge's tasks:
 * edge sydney runs B1 (127.0.0.1) and B2 (127.0.0.2) on the same ports, both advertising
 * `sip.sydney.localhost`, which the loopback DNS resolves to B2 only. bob registers over TCP at B1
 * from behind NAT; alice registers at A1 (edge ashburn) and calls him. Every request towards bob
 * reaches B2 first: B2 is not the owner of bob's flow, so it hands the request to B1 (the owner the
 * flow token names), which sends it over bob's flow (RFC 5626 §5.3, RFC 3261 §16.12, RFC 3263).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getHeaderValues } from '#sip/message/index.js';
import { formatUri } from '#sip/message/uri/format-uri.js';
import type { SipPeer } from '#test/sip-gateway/integration/support/sip-peer.js';
import {
  BOB_CONTACT,
  establishCall as establish,
  provisionCallParties,
  requestIn,
  responseIn,
} from './support/cross-edge-call.js';
import { startTwoEdgeStack, type TwoEdgeStack } from './support/two-edge-stack.js';

let stack: TwoEdgeStack;
let alice: SipPeer;
let bob: SipPeer;
/** Via sent-by hosts: B1 and B2 share the edge's name; B2's hand-off names its own address. */
const B = 'sip.sydney.localhost';
const B2 = '127.0.0.2';
const A = 'sip.ashburn.localhost';

beforeAll(async () => {
  stack = await startTwoEdgeStack({ edgeBInstances: 2 });
  ({ alice, bob } = await provisionCallParties(stack, stack.b.gateway.ports.tcp ?? 0));
}, 60_000);

afterAll(async () => {
  await Promise.all([alice?.close(), bob?.close()]);
  await stack?.stop();
});

const establishCall = (callId: string) => establish({ alice, bob }, callId);
const viaHosts = (request: { base: { via: readonly { host: string }[] } }) =>
  request.base.via.map((v) => v.host);

describe('Calls: an edge of several instances behind its name (RFC 5626 §5.3, RFC 3261 §16.12, RFC 3263)', () => {
  it("MUST reach another edge's binding through its name: A1 → (DNS) B2 → B1 → bob's flow, with B1 alone record-routing edge sydney", async () => {
    const call = await establishCall('nlb-invite');
    const { received, answer } = call;
    expect(stack.dns.questions).toContain(`SRV _sip._tcp.${B}`);
    expect(formatUri(received.uri)).toBe(BOB_CONTACT);
    expect(viaHosts(received)).toEqual([B, B2, A, '127.0.0.1']);
    expect(getHeaderValues(received, 'route')).toEqual([]);
    const recordRoutes = getHeaderValues(received, 'record-route');
    expect(recordRoutes).toHaveLength(3);
    expect(recordRoutes[0]).toContain(`@${B}:${stack.b.gateway.ports.tcp};transport=tcp`);
    expect(getHeaderValues(answer, 'record-route')).toEqual(recordRoutes);
    expect(answer.base.to.tag).toBe(bob.tag);
  });

  it("MUST carry the caller's ACK and BYE, which reach B2 by the edge's name, to B1 and over bob's flow", async () => {
    const call = await establishCall('nlb-caller-bye');
    await alice.send(alice.inDialog(call.aliceDialog, 'ACK'));
    const ack = await requestIn(bob, call.callId, 'ACK');
    expect(viaHosts(ack)).toEqual([B, B2, A, '127.0.0.1']);

    await alice.send(alice.inDialog(call.aliceDialog, 'BYE'));
    const bye = await requestIn(bob, call.callId, 'BYE');
    expect(viaHosts(bye)).toEqual([B, B2, A, '127.0.0.1']);
    expect(getHeaderValues(bye, 'route')).toEqual([]);
    await bob.respond(bye, 200, 'OK');
    expect((await responseIn(alice, call.callId, `${call.aliceDialog.cseq} BYE`)).status).toBe(200);
  });

  it("MUST relay a far end's re-INVITE arriving at B2, which does not hold bob's flow, to B1 and over that flow", async () => {
    const call = await establishCall('nlb-reinvite');
    await alice.send(alice.inDialog(call.aliceDialog, 'ACK'));
    await requestIn(bob, call.callId, 'ACK');

    await alice.send(alice.inDialog(call.aliceDialog, 'INVITE'));
    const reinvite = await requestIn(bob, call.callId, 'INVITE');
    expect(reinvite.base.cseq.seq).toBe(call.aliceDialog.cseq);
    expect(viaHosts(reinvite)).toEqual([B, B2, A, '127.0.0.1']);
    await bob.respond(reinvite, 200, 'OK');
    expect((await responseIn(alice, call.callId, `${call.aliceDialog.cseq} INVITE`)).status).toBe(200);
    await alice.send(alice.inDialog(call.aliceDialog, 'ACK'));
    expect((await requestIn(bob, call.callId, 'ACK')).base.cseq.seq).toBe(call.aliceDialog.cseq);

    await alice.send(alice.inDialog(call.aliceDialog, 'BYE'));
    await bob.respond(await requestIn(bob, call.callId, 'BYE'), 200, 'OK');
    expect((await responseIn(alice, call.callId, `${call.aliceDialog.cseq} BYE`)).status).toBe(200);
  });

  it("MUST carry bob's BYE from B1 to edge ashburn by its name and on to alice", async () => {
    const call = await establishCall('nlb-callee-bye');
    await alice.send(alice.inDialog(call.aliceDialog, 'ACK'));
    await requestIn(bob, call.callId, 'ACK');

    await bob.send(bob.inDialog(call.bobDialog, 'BYE'));
    const bye = await requestIn(alice, call.callId, 'BYE');
    expect(formatUri(bye.uri)).toBe(alice.contact);
    expect(viaHosts(bye)).toEqual([A, B, '127.0.0.1']);
    await alice.respond(bye, 200, 'OK');
    expect((await responseIn(bob, call.callId, `${call.bobDialog.cseq} BYE`)).status).toBe(200);
  });
});
