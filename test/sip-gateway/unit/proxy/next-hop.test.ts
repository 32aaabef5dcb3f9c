import { describe, expect, it } from 'vitest';
import type { DnsLookup } from '#sip/dns/dns-answer.js';
import { locateServers } from '#sip/dns/locate-servers.js';
import { parseUri } from '#sip/message/index.js';
import { branchHop, parseHostPort, uriTarget } from '#sip/proxy/next-hop.js';
import type { Flow } from '#sip/transport/transport.js';

const uri = (text: string) => {
  const parsed = parseUri(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};
const device: Flow = {
  id: 'gw-a.f7',
  protocol: 'tls',
  local: { address: '10.0.0.1', port: 5061 },
  remote: { address: '198.51.100.4', port: 61_000 },
};
/** DNS that knows one name: pbx.example.com has an A record and no NAPTR or SRV records. */
const dns: DnsLookup = {
  naptr: async () => ({ kind: 'absent' }),
  srv: async () => ({ kind: 'absent' }),
  addresses: async (name) =>
    name === 'pbx.example.com' ? { kind: 'found', records: ['192.0.2.77'], ttlSec: 60 } : { kind: 'absent' },
};
const context = {
  instanceId: 'gw-a',
  lookupFlow: (id: string) => (id === device.id ? device : undefined),
  locate: (u: Parameters<typeof locateServers>[0]) =>
    locateServers(u, { lookup: dns, random: () => 0, maxTargets: 8 }),
};

describe('uriTarget (RFC 3263 §4.1/§4.2 without DNS)', () => {
  it('uses the transport parameter, TLS for sips, UDP otherwise, and the default ports', () => {
    expect(uriTarget(uri('sip:b@192.0.2.1'))).toEqual({ protocol: 'udp', address: '192.0.2.1', port: 5060 });
    expect(uriTarget(uri('sip:b@192.0.2.1:5070;transport=TCP'))).toEqual({
      protocol: 'tcp',
      address: '192.0.2.1',
      port: 5070,
    });
    expect(uriTarget(uri('sips:b@[2001:db8::1]'))).toEqual({
      protocol: 'tls',
      address: '2001:db8::1',
      port: 5061,
    });
    expect(uriTarget(uri('sip:b@localhost:5099'))).toEqual({
      protocol: 'udp',
      address: '127.0.0.1',
      port: 5099,
    });
  });
  it('cannot resolve host names, other schemes or unsupported transports', () => {
    expect(uriTarget(uri('sip:b@example.com'))).toBeNull();
    expect(uriTarget(uri('tel:+15551234567'))).toBeNull();
    expect(uriTarget(uri('sip:b@192.0.2.1;transport=sctp'))).toBeNull();
  });
});

describe('branchHop', () => {
  it('MUST send over the binding flow on this instance (RFC 5626 §5.2)', async () => {
    const hop = await branchHop(
      { uri: 'sip:b@10.1.1.1:5060', flow: { instanceId: 'gw-a', flowId: device.id, relayAddress: 'x' } },
      context,
    );
    expect(hop).toEqual({
      kind: 'direct',
      send: { protocol: 'tls', address: '198.51.100.4', port: 61_000, flowId: device.id },
      alternates: [],
    });
  });
  it('relays to the instance that holds the flow, naming it', async () => {
    const hop = await branchHop(
      {
        uri: 'sip:b@10.1.1.1',
        flow: { instanceId: 'gw-b', flowId: 'gw-b.f2', relayAddress: '10.0.0.9:5080' },
      },
      context,
    );
    expect(hop).toEqual({
      kind: 'relay',
      send: { protocol: 'tcp', address: '10.0.0.9', port: 5080 },
      flow: { flowId: 'gw-b.f2', target: null },
    });
  });
  it('answers 430 when the binding connection is gone (RFC 5626 §5.3)', async () => {
    const target = {
      uri: 'sip:b@10.1.1.1',
      flow: { instanceId: 'gw-a', flowId: 'gw-a.f99', relayAddress: 'x' },
    };
    expect(await branchHop(target, context)).toEqual({ kind: 'unreachable', code: 'flowFailed' });
  });
  it('uses the registered source address, then the first Path entry (RFC 3327 §5.3), then the Request-URI', async () => {
    expect(
      await branchHop(
        { uri: 'sip:b@10.1.1.1', destination: { transport: 'udp', address: '203.0.113.8', port: 4444 } },
        context,
      ),
    ).toEqual({
      kind: 'direct',
      send: { protocol: 'udp', address: '203.0.113.8', port: 4444 },
      alternates: [],
    });
    expect(
      await branchHop({ uri: 'sip:b@10.1.1.1', path: ['<sip:192.0.2.60:5090;transport=tcp;lr>'] }, context),
    ).toEqual({
      kind: 'direct',
      send: { protocol: 'tcp', address: '192.0.2.60', port: 5090 },
      alternates: [],
    });
    expect(await branchHop({ uri: 'sip:b@10.1.1.1' }, context)).toEqual({
      kind: 'direct',
      send: { protocol: 'udp', address: '10.1.1.1', port: 5060 },
      alternates: [],
    });
  });
  it('MUST locate host names of the Request-URI and of Path entries through DNS (RFC 3263 §4)', async () => {
    expect(await branchHop({ uri: 'sip:b@pbx.example.com' }, context)).toEqual({
      kind: 'direct',
      send: { protocol: 'udp', address: '192.0.2.77', port: 5060 },
      alternates: [],
    });
    expect(
      await branchHop({ uri: 'sip:b@10.1.1.1', path: ['<sip:pbx.example.com;transport=tcp;lr>'] }, context),
    ).toEqual({
      kind: 'direct',
      send: { protocol: 'tcp', address: '192.0.2.77', port: 5060 },
      alternates: [],
    });
  });
  it('MUST fail the branch with 503 when DNS finds no server (RFC 3261 §8.1.3.1, RFC 3263 §4.3)', async () => {
    expect(await branchHop({ uri: 'sip:b@nowhere.example.com' }, context)).toEqual({
      kind: 'unreachable',
      code: 'unresolvableTarget',
      detail: 'nowhere.example.com has no A or AAAA record',
    });
  });
  it('parses relay addresses', () => {
    expect(parseHostPort('[::1]:5060')).toEqual({ address: '::1', port: 5060 });
    expect(parseHostPort('gw.example.com:5060')).toBeNull();
  });
});
