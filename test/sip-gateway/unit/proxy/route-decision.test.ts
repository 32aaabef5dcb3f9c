import { describe, expect, it } from 'vitest';
import type { SipUri, Uri } from '#sip/message/types.js';
import { encodeFlowToken, type FlowHop } from '#sip/proxy/flow-token.js';
import { preprocessRoute } from '#sip/proxy/preprocess-route.js';
import { decideRoute } from '#sip/proxy/route-decision.js';
import type { Flow } from '#sip/transport/transport.js';
import { request } from './support.js';

const secret = Buffer.alloc(32, 3);
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
  options: { toTag?: string; uri?: string; open?: Map<string, Flow> } = {},
) {
  const message = request(
    `BYE ${options.uri ?? 'sip:b@192.0.2.99:5099'} SIP/2.0`,
    'Via: SIP/2.0/UDP 192.0.2.7;branch=z9hG4bKb1',
    ...routes.map((r) => `Route: ${r}`),
    'From: <sip:a@example.org>;tag=a',
    `To: <sip:b@example.org>${options.toTag === '' ? '' : `;tag=${options.toTag ?? 'b'}`}`,
    'Call-ID: c',
    'CSeq: 2 BYE',
  );
  const pre = preprocessRoute(message, isOwnUri);
  if (!pre.ok) throw new Error(pre.error);
  const open = options.open ?? openFlows;
  return decideRoute(pre.value, {
    secret,
    arrival,
    responseTarget: {
      protocol: arrival.protocol,
      address: arrival.remote.address,
      port: arrival.remote.port,
    },
    lookupFlow: (id) => open.get(id),
  });
}

const own = (hops: FlowHop[], tokenSecret = secret) =>
  `<sip:${encodeFlowToken(tokenSecret, hops)}@10.0.0.1:5060;lr>`;

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

  it('routes an in-dialog request by its Request-URI once its own route entry is removed', () => {
    expect(decide(['<sip:10.0.0.1:5060;lr>'], caller)).toMatchObject({
      kind: 'forward',
      send: { protocol: 'udp', address: '192.0.2.99', port: 5099 },
    });
  });
});
