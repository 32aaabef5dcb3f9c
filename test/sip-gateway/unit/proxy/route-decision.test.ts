import { describe, expect, it } from 'vitest';
import type { SipUri, Uri } from '#sip/message/types.js';
import { encodeFlowToken, type FlowHop } from '#sip/proxy/flow-token.js';
import { formatHostPort } from '#sip/proxy/host-port.js';
import { preprocessRoute } from '#sip/proxy/preprocess-route.js';
import { decideRoute } from '#sip/proxy/route-decision.js';
import type { Endpoint, Flow } from '#sip/transport/transport.js';
import { request } from './support.js';

const secret = Buffer.alloc(32, 3);
/** This instance's relay address, and another instance of its edge. */
const self: Endpoint = { address: '10.0.0.1', port: 5060 };
const peer: Endpoint = { address: '10.0.0.9', port: 5060 };
const isOwnUri = (uri: Uri): uri is SipUri => 'host' in uri && uri.host === '10.0.0.1' && uri.port === 5060;
const flow = (id: string, protocol: Flow['protocol'], port: number): Flow => ({
  id,
  protocol,
  local: { address: '10.0.0.1', port: 5060 },
  remote: { address: '192.0.2.7', port },
});
const caller = flow('gw.f1', 'udp', 5070);
const device = flow('gw.f2', 'tcp', 40_000);
const openFlows = new Map([
  [caller.id, caller],
  [device.id, device],
]);
const hopOf = (f: Flow) => ({
  flowId: f.id,
  target: { protocol: f.protocol, address: f.remote.address, port: f.remote.port },
});

function decide(
  routes: string[],
  arrival: Flow,
  options: { toTag?: string; fromTag?: string; uri?: string; open?: Map<string, Flow>; method?: string } = {},
) {
  const message = request(
    `${options.method ?? 'BYE'} ${options.uri ?? 'sip:b@192.0.2.99:5099'} SIP/2.0`,
    'Via: SIP/2.0/UDP 192.0.2.7;branch=z9hG4bKb1',
    ...routes.map((r) => `Route: ${r}`),
    `From: <sip:a@example.org>;tag=${options.fromTag ?? 'a'}`,
    `To: <sip:b@example.org>${options.toTag === '' ? '' : `;tag=${options.toTag ?? 'b'}`}`,
    'Call-ID: c',
    `CSeq: 2 ${options.method ?? 'BYE'}`,
  );
  const pre = preprocessRoute(message, isOwnUri);
  if (!pre.ok) throw new Error(pre.error);
  const open = options.open ?? openFlows;
  return decideRoute(pre.value, {
    secret,
    self,
    arrival,
    responseTarget: {
      protocol: arrival.protocol,
      address: arrival.remote.address,
      port: arrival.remote.port,
    },
    lookupFlow: (id) => open.get(id),
  });
}

const own = (hops: FlowHop[], tokenSecret = secret, owner = self) =>
  `<sip:${encodeFlowToken(tokenSecret, { owner, hops })}@10.0.0.1:5060;lr>`;
/** A flow of another instance: its id is that instance's. */
const peerDevice: FlowHop = {
  flowId: 'gw-9.f4',
  target: { protocol: 'tcp', address: '198.51.100.8', port: 41_000 },
};

describe('decideRoute (RFC 3261 §16.4/§16.12, RFC 5626 §5.3)', () => {
  it('MUST forward over the flow the token names that the request did not arrive on', () => {
    const route = own([hopOf(caller), hopOf(device)]);
    expect(decide([route], caller)).toMatchObject({
      kind: 'forward',
      send: { flowId: device.id, protocol: 'tcp' },
    });
    expect(decide([route], device)).toMatchObject({
      kind: 'forward',
      send: { flowId: caller.id, protocol: 'udp' },
    });
  });

  it('MUST refuse a token that does not verify with 403', () => {
    expect(decide([own([hopOf(device)], Buffer.alloc(32, 4))], caller)).toEqual({
      kind: 'reject',
      code: 'invalidFlowToken',
    });
  });

  it('routes by the next Route value when the token names no open flow (loose routing)', () => {
    const route = own([{ flowId: null, target: { protocol: 'tcp', address: '10.0.0.2', port: 5080 } }]);
    expect(decide([route, '<sip:192.0.2.50:5062;transport=tcp;lr>'], caller)).toMatchObject({
      kind: 'forward',
      send: { protocol: 'tcp', address: '192.0.2.50', port: 5062 },
    });
  });

  it('answers 430 when the connection the token names is gone (RFC 5626 §5.3)', () => {
    expect(decide([own([hopOf(device)])], caller, { open: new Map() })).toEqual({
      kind: 'reject',
      code: 'flowFailed',
    });
  });

  it('falls back to the endpoint of a UDP flow that was forgotten', () => {
    expect(decide([own([hopOf(caller)])], device, { open: new Map() })).toMatchObject({
      kind: 'forward',
      send: { protocol: 'udp', address: '192.0.2.7', port: 5070 },
    });
  });

  it('dispatches locally an initial request whose own Route carried no token (a preloaded outbound proxy)', () => {
    expect(decide(['<sip:10.0.0.1:5060;lr>'], caller, { toTag: '' })).toEqual({ kind: 'local' });
    expect(decide([], caller)).toEqual({ kind: 'local' });
  });

  it("MUST hand a request to the instance owning the token's flow, with the token naming only that flow (RFC 5626 §5.3)", () => {
    const upstream: FlowHop = {
      flowId: null,
      target: { protocol: 'tcp', address: '192.0.2.50', port: 5062 },
    };
    const route = own([upstream, peerDevice], secret, peer);
    expect(decide([route], flow('gw.f9', 'tcp', 33_000))).toEqual({
      kind: 'forward',
      send: { protocol: 'tcp', address: peer.address, port: peer.port },
      alternates: [],
      arrivedOn: expect.anything(),
      cseqOffset: 0,
      handOff: { owner: peer, hops: [peerDevice] },
    });
  });

  it("MUST NOT hand over a request going away from the owner's flow: the route set leads on (RFC 3261 §16.12)", () => {
    const upstream: FlowHop = {
      flowId: null,
      target: { protocol: 'tcp', address: '192.0.2.50', port: 5062 },
    };
    // The device's request reached this instance from its own address (a new NLB flow).
    const arrival: Flow = { ...flow('gw.f9', 'tcp', 0), remote: { address: '198.51.100.8', port: 41_000 } };
    expect(decide([own([upstream, peerDevice], secret, peer)], arrival)).toMatchObject({
      kind: 'forward',
      handOff: null,
      send: { protocol: 'tcp', address: '192.0.2.50', port: 5062 },
    });
    expect(
      decide(
        [own([peerDevice], secret, peer), '<sip:192.0.2.60:5060;transport=tcp;lr>'],
        flow('gw.f9', 'tcp', 1),
      ),
    ).toMatchObject({ kind: 'forward', handOff: expect.anything() });
  });

  it('MUST forward over the flow the token names when the request came over neither side (RFC 5626 §5.3)', () => {
    const upstream: FlowHop = {
      flowId: null,
      target: { protocol: 'tcp', address: '192.0.2.50', port: 5062 },
    };
    expect(decide([own([upstream, hopOf(device)])], flow('gw.f9', 'tcp', 33_000))).toMatchObject({
      kind: 'forward',
      send: { flowId: device.id },
    });
  });

  it("MUST tell a request arriving over neither of two device flows by its From tag against the caller's ftag", () => {
    const callerDevice = flow('gw.f3', 'tcp', 40_001);
    const open = new Map([...openFlows, [callerDevice.id, callerDevice]]);
    const both = own([hopOf(callerDevice), hopOf(device)]);
    const reconnected = flow('gw.f9', 'tcp', 33_000);
    // The From tag of these requests is "a": the caller's when ftag=a.
    expect(decide([both.replace('>', ';ftag=a>')], reconnected, { open })).toMatchObject({
      kind: 'forward',
      send: { flowId: device.id },
    });
    expect(decide([both.replace('>', ';ftag=b>')], reconnected, { open })).toMatchObject({
      kind: 'forward',
      send: { flowId: callerDevice.id },
    });
  });

  it('MUST compare the From tag with the %-decoded ftag (RFC 3261 §19.1.2: a tag may hold "%")', () => {
    const callerDevice = flow('gw.f3', 'tcp', 40_001);
    const open = new Map([...openFlows, [callerDevice.id, callerDevice]]);
    const both = own([hopOf(callerDevice), hopOf(device)]).replace('>', ';ftag=50%25off>');
    const reconnected = flow('gw.f9', 'tcp', 33_000);
    expect(decide([both], reconnected, { open, fromTag: '50%off' })).toMatchObject({
      kind: 'forward',
      send: { flowId: device.id },
    });
    expect(decide([both], reconnected, { open, fromTag: '50%25off' })).toMatchObject({
      kind: 'forward',
      send: { flowId: callerDevice.id },
    });
  });

  it('MUST leave a request naming no flow in its token to the route set, not to a relay flow it came over', () => {
    expect(decide([own([hopOf(device)]), '<sip:192.0.2.60:5060;transport=tcp;lr>'], device)).toMatchObject({
      kind: 'forward',
      send: { address: '192.0.2.60', port: 5060 },
    });
  });

  it('RFC 3261 §16.12 / RFC 3263: MUST have a next Route naming a host located, not refused', () => {
    const next = '<sip:abc@sip.sydney.example.com:5060;transport=tcp;lr>';
    expect(decide([own([hopOf(caller)]), next], caller)).toMatchObject({
      kind: 'locate',
      uri: { host: 'sip.sydney.example.com', port: 5060 },
      handOff: null,
    });
    expect(decide(['<sip:10.0.0.1:5060;lr>'], caller, { uri: 'sip:b@pbx.example.com' })).toMatchObject({
      kind: 'locate',
      uri: { host: 'pbx.example.com' },
    });
    expect(decide(['<sip:10.0.0.1:5060;lr>'], caller, { uri: 'sip:b@192.0.2.1;transport=sctp' })).toEqual({
      kind: 'reject',
      code: 'unresolvableTarget',
    });
  });

  it('names no inbound hop for an initial request another instance handed over: its way back is the route set', () => {
    expect(decide([own([hopOf(device)])], caller, { toTag: '', method: 'INVITE' })).toMatchObject({
      kind: 'forward',
      arrivedOn: null,
    });
    expect(decide([own([hopOf(device)])], caller)).toMatchObject({
      arrivedOn: { flowId: caller.id },
    });
  });

  it('MUST refuse with 403 a token naming another owner that does not verify (no open relay, RFC 5626 §5.3)', () => {
    const forged = own([peerDevice], Buffer.alloc(32, 4), { address: '203.0.113.66', port: 5060 });
    expect(decide([forged], caller)).toEqual({ kind: 'reject', code: 'invalidFlowToken' });
    expect(formatHostPort(peer)).toBe('10.0.0.9:5060');
  });

  it('routes an in-dialog request by its Request-URI once its own route entry is removed', () => {
    expect(decide(['<sip:10.0.0.1:5060;lr>'], caller)).toMatchObject({
      kind: 'forward',
      send: { protocol: 'udp', address: '192.0.2.99', port: 5099 },
    });
  });
});
