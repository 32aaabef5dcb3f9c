import { describe, expect, it } from 'vitest';
import { type DnsResolver, resolverLookup } from '#sip/dns/resolver-lookup.js';

const dnsError = (code: string) => Object.assign(new Error(`query ${code} example.com`), { code });

function resolver(overrides: Partial<DnsResolver>): DnsResolver {
  const none = () => Promise.reject(dnsError('ENODATA'));
  return { resolveNaptr: none, resolveSrv: none, resolve4: none, resolve6: none, ...overrides };
}

describe('resolverLookup (node:dns errors)', () => {
  it('MUST treat NXDOMAIN and NODATA as absent (RFC 2308) and other errors as no answer', async () => {
    const lookup = resolverLookup(
      resolver({
        resolveNaptr: () => Promise.reject(dnsError('ENOTFOUND')),
        resolveSrv: () => Promise.reject(dnsError('ETIMEOUT')),
      }),
    );
    expect(await lookup.naptr('example.com')).toEqual({ kind: 'absent' });
    expect(await lookup.srv('_sip._udp.example.com')).toEqual({
      kind: 'failed',
      detail: 'query ETIMEOUT example.com',
    });
  });
  it('returns A records before AAAA records, with the shortest TTL of the set', async () => {
    const lookup = resolverLookup(
      resolver({
        resolve4: async () => [{ address: '192.0.2.1', ttl: 300 }],
        resolve6: async () => [{ address: '2001:db8::1', ttl: 60 }],
      }),
    );
    expect(await lookup.addresses('example.com')).toEqual({
      kind: 'found',
      records: ['192.0.2.1', '2001:db8::1'],
      ttlSec: 60,
    });
  });
  it('keeps the addresses of one family when the other fails; fails when neither has any', async () => {
    const v4Only = resolverLookup(
      resolver({
        resolve4: async () => [{ address: '192.0.2.1', ttl: 30 }],
        resolve6: () => Promise.reject(dnsError('ESERVFAIL')),
      }),
    );
    expect(await v4Only.addresses('example.com')).toEqual({
      kind: 'found',
      records: ['192.0.2.1'],
      ttlSec: 30,
    });
    const failing = resolverLookup(resolver({ resolve6: () => Promise.reject(dnsError('ESERVFAIL')) }));
    expect(await failing.addresses('example.com')).toMatchObject({ kind: 'failed' });
    expect(await resolverLookup(resolver({})).addresses('example.com')).toEqual({ kind: 'absent' });
  });
  it('reports NAPTR and SRV answers without a TTL (node:dns does not give one)', async () => {
    const record = { priority: 0, weight: 0, port: 5060, name: 'pbx.example.com' };
    const lookup = resolverLookup(resolver({ resolveSrv: async () => [record] }));
    expect(await lookup.srv('_sip._udp.example.com')).toEqual({
      kind: 'found',
      records: [record],
      ttlSec: null,
    });
  });
});
