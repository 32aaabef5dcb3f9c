import { describe, expect, it } from 'vitest';
import { locateServers } from '#sip/dns/locate-servers.js';
import { fakeDns, found, naptr, srv, uri, type Zone } from './dns-fakes.js';

async function locate(text: string, zone: Zone, maxTargets = 8) {
  const dns = fakeDns(zone);
  const result = await locateServers(uri(text), { lookup: dns.lookup, random: () => 0, maxTargets });
  return { result, queries: dns.queries };
}

describe('locateServers (RFC 3263 §4)', () => {
  it('MUST NOT query DNS for a numeric TARGET (§4.1, §4.2)', async () => {
    const { result, queries } = await locate('sip:b@192.0.2.1:5070;transport=tcp', {});
    expect(result).toEqual({ ok: true, value: [{ protocol: 'tcp', address: '192.0.2.1', port: 5070 }] });
    expect(queries).toEqual([]);
  });

  it('MUST follow NAPTR to SRV to A/AAAA, in NAPTR order, each server at its SRV port (§4.1, §4.2)', async () => {
    const { result, queries } = await locate('sip:b@example.com', {
      naptr: {
        'example.com': found([
          naptr(20, 10, 'SIP+D2U', '_sip._udp.example.com'),
          naptr(10, 10, 'SIP+D2T', '_sip._tcp.example.com'),
        ]),
      },
      srv: {
        '_sip._tcp.example.com': found([srv(10, 0, 5070, 'tcp1.example.com')]),
        '_sip._udp.example.com': found([srv(10, 0, 5080, 'udp1.example.com')]),
      },
      addresses: {
        'tcp1.example.com': found(['192.0.2.10', '2001:db8::10'], 300),
        'udp1.example.com': found(['192.0.2.20'], 300),
      },
    });
    expect(result).toEqual({
      ok: true,
      value: [
        { protocol: 'tcp', address: '192.0.2.10', port: 5070 },
        { protocol: 'tcp', address: '2001:db8::10', port: 5070 },
        { protocol: 'udp', address: '192.0.2.20', port: 5080 },
      ],
    });
    expect(queries).toEqual([
      'NAPTR example.com',
      'SRV _sip._tcp.example.com',
      'SRV _sip._udp.example.com',
      'A/AAAA tcp1.example.com',
      'A/AAAA udp1.example.com',
    ]);
  });

  it('MUST query SRV for each supported transport when there is no NAPTR record (§4.1)', async () => {
    const { result, queries } = await locate('sip:b@example.com', {
      srv: { '_sip._tcp.example.com': found([srv(0, 0, 5090, 'pbx.example.com')]) },
      addresses: { 'pbx.example.com': found(['192.0.2.30']) },
    });
    expect(result).toEqual({ ok: true, value: [{ protocol: 'tcp', address: '192.0.2.30', port: 5090 }] });
    expect(queries.slice(0, 3)).toEqual([
      'NAPTR example.com',
      'SRV _sip._udp.example.com',
      'SRV _sip._tcp.example.com',
    ]);
  });

  it('MUST query "_sips._tcp" for a sips URI and ignore non-SIPS NAPTR services (§4.1)', async () => {
    const { result, queries } = await locate('sips:b@example.com', {
      naptr: { 'example.com': found([naptr(10, 10, 'SIP+D2U', '_sip._udp.example.com')]) },
      srv: { '_sips._tcp.example.com': found([srv(0, 0, 5061, 'tls.example.com')]) },
      addresses: { 'tls.example.com': found(['192.0.2.40']) },
    });
    expect(result).toEqual({ ok: true, value: [{ protocol: 'tls', address: '192.0.2.40', port: 5061 }] });
    expect(queries).toContain('SRV _sips._tcp.example.com');
    expect(queries).not.toContain('SRV _sip._udp.example.com');
  });

  it('MUST use A/AAAA at the default port of the transport when no SRV record exists (§4.1, §4.2)', async () => {
    const zone: Zone = { addresses: { 'example.com': found(['192.0.2.50']) } };
    expect((await locate('sip:b@example.com', zone)).result).toEqual({
      ok: true,
      value: [{ protocol: 'udp', address: '192.0.2.50', port: 5060 }],
    });
    expect((await locate('sips:b@example.com', zone)).result).toEqual({
      ok: true,
      value: [{ protocol: 'tls', address: '192.0.2.50', port: 5061 }],
    });
    const explicit = await locate('sip:b@example.com;transport=tcp', zone);
    expect(explicit.result).toEqual({
      ok: true,
      value: [{ protocol: 'tcp', address: '192.0.2.50', port: 5060 }],
    });
    expect(explicit.queries).toEqual(['SRV _sip._tcp.example.com', 'A/AAAA example.com']);
  });

  it('MUST use the transport of the first NAPTR record when its SRV names have no records (§4.2)', async () => {
    const { result } = await locate('sip:b@example.com', {
      naptr: { 'example.com': found([naptr(10, 10, 'SIPS+D2T', '_sips._tcp.example.com')]) },
      addresses: { 'example.com': found(['192.0.2.55']) },
    });
    expect(result).toEqual({ ok: true, value: [{ protocol: 'tls', address: '192.0.2.55', port: 5061 }] });
  });

  it('MUST look up only A/AAAA records when the URI has a port (§4.2)', async () => {
    const { result, queries } = await locate('sip:b@example.com:5099', {
      addresses: { 'example.com': found(['192.0.2.60']) },
    });
    expect(result).toEqual({ ok: true, value: [{ protocol: 'udp', address: '192.0.2.60', port: 5099 }] });
    expect(queries).toEqual(['A/AAAA example.com']);
  });

  it('MUST NOT fall back to A/AAAA when SRV says the service is not available (RFC 2782 ".")', async () => {
    const { result } = await locate('sip:b@example.com;transport=udp', {
      srv: { '_sip._udp.example.com': found([srv(0, 0, 0, '.')]) },
      addresses: { 'example.com': found(['192.0.2.70']) },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'notFound' } });
  });

  it('MUST fail rather than guess when a query gets no answer (no downgrade from a NAPTR-named TLS)', async () => {
    const { result, queries } = await locate('sip:b@example.com', {
      naptr: { 'example.com': { kind: 'failed', detail: 'queryNaptr ETIMEOUT example.com' } },
      addresses: { 'example.com': found(['192.0.2.80']) },
    });
    expect(result).toEqual({
      ok: false,
      error: { code: 'lookupFailed', detail: 'NAPTR example.com: queryNaptr ETIMEOUT example.com' },
    });
    expect(queries).toEqual(['NAPTR example.com']);
  });

  it('skips SRV targets without addresses and fails when none has one', async () => {
    const zone: Zone = {
      srv: {
        '_sip._udp.example.com': found([
          srv(1, 0, 5060, 'gone.example.com'),
          srv(2, 0, 5062, 'up.example.com'),
        ]),
      },
      addresses: { 'up.example.com': found(['192.0.2.90']) },
    };
    expect((await locate('sip:b@example.com;transport=udp', zone)).result).toEqual({
      ok: true,
      value: [{ protocol: 'udp', address: '192.0.2.90', port: 5062 }],
    });
    const none = await locate('sip:b@example.com;transport=udp', { srv: zone.srv });
    expect(none.result).toMatchObject({ ok: false, error: { code: 'notFound' } });
  });

  it('keeps at most maxTargets servers, in order', async () => {
    const { result } = await locate(
      'sip:b@example.com:5060',
      { addresses: { 'example.com': found(['192.0.2.1', '192.0.2.2', '192.0.2.3']) } },
      2,
    );
    expect(result).toEqual({
      ok: true,
      value: [
        { protocol: 'udp', address: '192.0.2.1', port: 5060 },
        { protocol: 'udp', address: '192.0.2.2', port: 5060 },
      ],
    });
  });

  it('fails a name without records, and an unsupported transport without any query', async () => {
    expect((await locate('sip:b@nowhere.example.com', {})).result).toMatchObject({
      ok: false,
      error: { code: 'notFound' },
    });
    const sctp = await locate('sip:b@example.com;transport=sctp', {});
    expect(sctp.result).toMatchObject({ ok: false, error: { code: 'unsupportedTransport' } });
    expect(sctp.queries).toEqual([]);
  });
});
