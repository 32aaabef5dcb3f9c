import { describe, expect, it } from 'vitest';
import { locationPlan } from '#sip/dns/location-plan.js';
import { uri } from './dns-fakes.js';

const plan = (text: string) => locationPlan(uri(text));

describe('locationPlan (RFC 3263 §4.1 transport, §4.2 port)', () => {
  it('MUST use the transport parameter when the URI has one (§4.1)', () => {
    expect(plan('sip:b@pbx.example.com;transport=TCP')).toEqual({
      kind: 'srv',
      host: 'pbx.example.com',
      protocol: 'tcp',
    });
  });
  it('MUST use TLS for a sips URI (§4.1)', () => {
    expect(plan('sips:b@192.0.2.1')).toEqual({
      kind: 'numeric',
      target: { protocol: 'tls', address: '192.0.2.1', port: 5061 },
    });
    expect(plan('sips:b@pbx.example.com;transport=tcp')).toEqual({
      kind: 'srv',
      host: 'pbx.example.com',
      protocol: 'tls',
    });
  });
  it('MUST use UDP for a numeric TARGET or an explicit port without transport (§4.1)', () => {
    expect(plan('sip:b@192.0.2.1')).toEqual({
      kind: 'numeric',
      target: { protocol: 'udp', address: '192.0.2.1', port: 5060 },
    });
    expect(plan('sip:b@pbx.example.com:5080')).toEqual({
      kind: 'addresses',
      host: 'pbx.example.com',
      protocol: 'udp',
      port: 5080,
    });
  });
  it('MUST look up only A/AAAA records when the port is explicit (§4.2)', () => {
    expect(plan('sip:b@pbx.example.com:5070;transport=tls')).toEqual({
      kind: 'addresses',
      host: 'pbx.example.com',
      protocol: 'tls',
      port: 5070,
    });
  });
  it('MUST start with NAPTR when neither transport nor port is given and the TARGET is a name (§4.1)', () => {
    expect(plan('sip:b@PBX.example.com')).toEqual({ kind: 'naptr', host: 'pbx.example.com', secure: false });
    expect(plan('sips:b@pbx.example.com')).toEqual({ kind: 'naptr', host: 'pbx.example.com', secure: true });
  });
  it('MUST take the maddr parameter as the TARGET (§4)', () => {
    expect(plan('sip:b@pbx.example.com;maddr=192.0.2.9')).toEqual({
      kind: 'numeric',
      target: { protocol: 'udp', address: '192.0.2.9', port: 5060 },
    });
  });
  it('reaches localhost on the loopback address, IPv6 references without brackets', () => {
    expect(plan('sip:b@localhost:5099')).toEqual({
      kind: 'numeric',
      target: { protocol: 'udp', address: '127.0.0.1', port: 5099 },
    });
    expect(plan('sip:b@[2001:db8::1];transport=tcp')).toEqual({
      kind: 'numeric',
      target: { protocol: 'tcp', address: '2001:db8::1', port: 5060 },
    });
  });
  it('MUST NOT pick a transport the gateway does not support, nor locate other schemes', () => {
    expect(plan('sip:b@pbx.example.com;transport=sctp').kind).toBe('unsupported');
    expect(plan('sip:b@192.0.2.1;transport=ws').kind).toBe('unsupported');
    expect(plan('tel:+15551234567').kind).toBe('unsupported');
  });
});
