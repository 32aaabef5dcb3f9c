/**
 * Two gateway instances of one edge on loopback: the callee's flow lives on instance B, the
 * caller's INVITE arrives at A, which relays it to B's relay address (RFC 5626 flow token naming B
 * in a Route); both record-route, so in-dialog requests cross both in either direction.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getHeaderValues } from '#sip/message/index.js';
import { formatUri } from '#sip/message/uri/format-uri.js';
import { encodeFlowToken } from '#sip/proxy/flow-token.js';
import { type GatewayFixture, startTestGateway } from '#test/support/gateway-fixture.js';
import { flowRegistrar } from './support/flow-registrar.js';
import { dial, RoutePlans } from './support/route-plans.js';
import { calleeDialog, callerDialog, parseRaw, SipPeer } from './support/sip-peer.js';

const plans = new RoutePlans();
const flowsOnB = new Map<string, string>();
let a: GatewayFixture;
let b: GatewayFixture;
const peers: SipPeer[] = [];

beforeAll(async () => {
  a = await startTestGateway({ route: plans.handler }, { instanceId: 'gw-a', edge: 'ashburn' });
  b = await startTestGateway(
    {
      register: flowRegistrar(flowsOnB),
    },
    { instanceId: 'gw-b', edge: 'ashburn' },
  );
});
afterAll(async () => {
  await Promise.all([a.stop(), b.stop()]);
});
afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.close()));
});

/** A device registered over its own TCP connection to instance B. */
async function deviceOnB(name: string): Promise<{ peer: SipPeer; flowId: string }> {
  const peer = await SipPeer.tcp(name, b.gateway.ports.tcp ?? 0);
  peers.push(peer);
  const register = peer
    .build({ method: 'REGISTER', uri: 'sip:acme.sip.localhost', callId: `reg-${name}` })
    .replace(/^To: .*$/m, `To: <sip:${name}@acme.sip.localhost>`);
  await peer.send(register);
  await peer.response('REGISTER', 200);
  const flowId = flowsOnB.get(name);
  if (flowId === undefined) throw new Error('no flow on B');
  return { peer, flowId };
}

async function callThroughBothInstances(user: string) {
  const device = await deviceOnB(`${user}-dev`);
  plans.on(user, () =>
    dial(user, [
      {
        uri: device.peer.contact,
        flow: {
          edge: 'ashburn',
          instanceId: 'gw-b',
          flowId: device.flowId,
          relayAddress: `127.0.0.1:${b.gateway.ports.tcp}`,
        },
      },
    ]),
  );
  const caller = await SipPeer.udp(`${user}-caller`, a.gateway.ports.udp ?? 0);
  peers.push(caller);
  const text = caller.build({
    method: 'INVITE',
    uri: `sip:${user}@acme.sip.localhost`,
    callId: `${user}-call`,
  });
  await caller.send(text);
  const received = await device.peer.request('INVITE');
  await device.peer.respond(received, 200, 'OK');
  const answer = await caller.response('INVITE', 200);
  const sent = parseRaw(text);
  if (sent.kind !== 'request') throw new Error('not a request');
  return { device, caller, received, answer, sent };
}

describe('cross-instance relay (RFC 5626 §5.3 flow tokens, RFC 3261 §16.12)', () => {
  it("MUST deliver the INVITE over the callee's own connection to B, with both instances record-routing", async () => {
    const { received, answer, device } = await callThroughBothInstances('relay1');
    expect(formatUri(received.uri)).toBe(device.peer.contact);
    // Vias: B, A, caller; Route: B removed the relay Route naming it.
    expect(received.base.via.map((v) => v.port)).toEqual([
      b.gateway.ports.tcp,
      a.gateway.ports.tcp,
      expect.any(Number),
    ]);
    expect(getHeaderValues(received, 'route')).toEqual([]);
    const rr = getHeaderValues(received, 'record-route');
    expect(rr).toHaveLength(3);
    expect(rr[0]).toContain(`:${b.gateway.ports.tcp};transport=tcp`);
    expect(rr[1]).toContain(`:${a.gateway.ports.tcp};transport=tcp`);
    expect(rr[2]).toContain(`:${a.gateway.ports.udp};transport=udp`);
    expect(answer.base.to.tag).toBe(device.peer.tag);
    expect(plans.invitesTo('relay1')).toBe(1);
  });

  it('MUST route ACK and a BYE from the caller across A and B to the device', async () => {
    const { device, caller, answer, sent } = await callThroughBothInstances('relay2');
    const dialog = callerDialog(sent, answer);
    await caller.send(caller.inDialog(dialog, 'ACK'));
    await device.peer.request('ACK');
    await caller.send(caller.inDialog(dialog, 'BYE'));
    const bye = await device.peer.request('BYE');
    expect(getHeaderValues(bye, 'route')).toEqual([]);
    await device.peer.respond(bye, 200, 'OK');
    expect((await caller.response('BYE')).status).toBe(200);
    const [progress] = await plans.progressOf('relay2');
    expect(progress?.outcome.dialCallStatus).toBe('completed');
    expect(progress?.instanceId).toBe('gw-a');
  });

  it('MUST route a BYE from the device back across B and A to the caller', async () => {
    const { device, caller, received } = await callThroughBothInstances('relay3');
    const dialog = calleeDialog(received, device.peer.tag);
    await device.peer.send(device.peer.inDialog(dialog, 'BYE'));
    const bye = await caller.request('BYE');
    expect(formatUri(bye.uri)).toBe(caller.contact);
    await caller.respond(bye, 200, 'OK');
    expect((await device.peer.response('BYE')).status).toBe(200);
    const [progress] = await plans.progressOf('relay3');
    expect(progress?.outcome.dialCallStatus).toBe('completed');
  });

  it("MUST NOT put a request on a device's flow when its relay token was signed with another key (403, RFC 5626 §5.3)", async () => {
    const device = await deviceOnB('relay4-dev');
    const outsider = await SipPeer.tcp('outsider', b.gateway.ports.tcp ?? 0);
    peers.push(outsider);
    const token = encodeFlowToken(Buffer.alloc(32, 1), {
      owner: { address: '127.0.0.1', port: b.gateway.ports.tcp ?? 0 },
      hops: [{ flowId: device.flowId, target: null }],
    });
    await outsider.send(
      outsider.build({
        method: 'INVITE',
        uri: device.peer.contact,
        headers: [`Route: <sip:${token}@127.0.0.1:${b.gateway.ports.tcp};transport=tcp;lr>`],
      }),
    );
    expect((await outsider.response('INVITE')).status).toBe(403);
    expect(device.peer.seen((m) => m.kind === 'request' && m.method === 'INVITE')).toHaveLength(0);
  });
});
