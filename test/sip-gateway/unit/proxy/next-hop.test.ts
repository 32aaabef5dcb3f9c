import { describe, expect, it } from 'vitest';
import type { DnsLookup } from '#sip/dns/dns-answer.js';
import { locateServers } from '#sip/dns/locate-servers.js';
import { parseHostPort } from '#sip/proxy/host-port.js';
import { branchHop } from '#sip/proxy/next-hop.js';
import type { Flow } from '#sip/transport/transport.js';

const device: Flow = {
  id: 'gw-a.f7',
  protocol: 'tls',
  local: { address: '10.0.0.1', port: 5061 },
  remote: { address: '198.51.100.4', port: 61_000 },
};
/**
 * DNS that knows pbx.example.com (an A record, no NAPTR or SRV records) and the sydney edge's entry
 * (an SRV record for TCP naming its NLB, with two addresses).
 */
const dns: DnsLookup = {
  naptr: async () => ({ kind: 'absent' }),
  srv: async (name) =>
    name === '_sip._tcp.sip.sydney.example.com'
      ? {
          kind: 'found',
          records: [{ name: 'nlb.sydney.example.com', port: 5060, priority: 10, weight: 0 }],
          ttlSec: null,
        }
      : { kind: 'absent' },
  addresses: async (name) =>
    name === 'pbx.example.com'
      ? { kind: 'found', records: ['192.0.2.77'], ttlSec: 60 }
      : name === 'nlb.sydney.example.com'
        ? { kind: 'found', records: ['203.0.113.20', '203.0.113.21'], ttlSec: 60 }
        : { kind: 'absent' },
};
const context = {
  instanceId: 'gw-a',
  edge: 'ashburn' as const,
  zone: 'example.com',
  lookupFlow: (id: string) => (id === device.id ? device : undefined),
  locate: (u: Parameters<typeof locateServers>[0]) =>
    locateServers(u, { lookup: dns, random: () => 0, maxTargets: 8 }),
};

describe('branchHop', () => {
  it('MUST send over the binding flow on this instance (RFC 5626 §5.2)', async () => {
    const hop = await branchHop(
      {
        uri: 'sip:b@10.1.1.1:5060',
        flow: { edge: 'ashburn', instanceId: 'gw-a', flowId: device.id, relayAddress: 'x' },
      },
      context,
    );
    expect(hop).toEqual({
      kind: 'direct',
      send: { protocol: 'tls', address: '198.51.100.4', port: 61_000, flowId: device.id },
      alternates: [],
    });
  });
  it('relays to the instance of this edge that holds the flow, naming it as the owner (RFC 5626 §5.3)', async () => {
    const hop = await branchHop(
      {
        uri: 'sip:b@10.1.1.1',
        flow: { edge: 'ashburn', instanceId: 'gw-b', flowId: 'gw-b.f2', relayAddress: '10.0.0.9:5080' },
      },
      context,
    );
    expect(hop).toEqual({
      kind: 'relay',
      send: { protocol: 'tcp', address: '10.0.0.9', port: 5080 },
      alternates: [],
      routeHost: '10.0.0.9',
      token: { owner: { address: '10.0.0.9', port: 5080 }, hops: [{ flowId: 'gw-b.f2', target: null }] },
    });
  });
  it("MUST reach another edge's flow through that edge's entry located by RFC 3263 over TCP, naming the owner", async () => {
    const hop = await branchHop(
      {
        uri: 'sip:b@10.1.1.1',
        destination: { transport: 'tcp', address: '198.51.100.3', port: 40_000 },
        flow: { edge: 'sydney', instanceId: 'syd-1', flowId: 'syd-1.f2', relayAddress: '10.0.0.9:5060' },
      },
      context,
    );
    expect(hop).toEqual({
      kind: 'relay',
      send: { protocol: 'tcp', address: '203.0.113.20', port: 5060 },
      alternates: [{ protocol: 'tcp', address: '203.0.113.21', port: 5060 }],
      routeHost: 'sip.sydney.example.com',
      token: {
        owner: { address: '10.0.0.9', port: 5060 },
        hops: [{ flowId: 'syd-1.f2', target: { protocol: 'tcp', address: '198.51.100.3', port: 40_000 } }],
      },
    });
  });
  it("MUST fail a branch to another edge's flow with 503 when its entry has no server (RFC 3263 §4.3)", async () => {
    const hop = await branchHop(
      {
        uri: 'sip:b@10.1.1.1',
        flow: { edge: 'tokyo', instanceId: 'tyo-1', flowId: 'tyo-1.f2', relayAddress: '10.0.0.9:5060' },
      },
      context,
    );
    expect(hop).toMatchObject({ kind: 'unreachable', code: 'unresolvableTarget' });
  });
  it('answers 430 when the binding connection is gone (RFC 5626 §5.3)', async () => {
    const target = {
      uri: 'sip:b@10.1.1.1',
      flow: { edge: 'ashburn' as const, instanceId: 'gw-a', flowId: 'gw-a.f99', relayAddress: 'x' },
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
