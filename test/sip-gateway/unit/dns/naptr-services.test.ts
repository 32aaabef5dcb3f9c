import { describe, expect, it } from 'vitest';
import { defaultServices, naptrServices, srvService } from '#sip/dns/naptr-services.js';
import { naptr } from './dns-fakes.js';

describe('naptrServices (RFC 3263 §4.1, RFC 3403 §4.1)', () => {
  it('MUST order NAPTR records by order, then by preference', () => {
    const records = [
      naptr(20, 10, 'SIP+D2U', '_sip._udp.example.com'),
      naptr(10, 50, 'SIP+D2T', '_sip._tcp.example.com'),
      naptr(10, 20, 'SIPS+D2T', '_sips._tcp.example.com'),
    ];
    expect(naptrServices(records, false)).toEqual([
      { protocol: 'tls', name: '_sips._tcp.example.com' },
      { protocol: 'tcp', name: '_sip._tcp.example.com' },
      { protocol: 'udp', name: '_sip._udp.example.com' },
    ]);
  });
  it('MUST discard services of transports the gateway does not support (SCTP, WebSocket)', () => {
    const records = [
      naptr(10, 10, 'SIP+D2S', '_sip._sctp.example.com'),
      naptr(10, 20, 'SIP+D2W', '_sip._ws.example.com'),
      naptr(20, 10, 'sip+d2u', '_sip._udp.example.com'),
    ];
    expect(naptrServices(records, false)).toEqual([{ protocol: 'udp', name: '_sip._udp.example.com' }]);
  });
  it('MUST discard services without SIPS for a sips URI (§4.1)', () => {
    const records = [
      naptr(10, 10, 'SIP+D2T', '_sip._tcp.example.com'),
      naptr(20, 10, 'SIPS+D2T', '_sips._tcp.example.com'),
    ];
    expect(naptrServices(records, true)).toEqual([{ protocol: 'tls', name: '_sips._tcp.example.com' }]);
  });
  it('MUST only follow "S" records with an empty regexp to an SRV name (§4.1)', () => {
    const records = [
      { ...naptr(10, 10, 'SIP+D2U', ''), flags: 'U', regexp: '!^.*$!sip:x@example.com!' },
      { ...naptr(10, 20, 'SIP+D2U', '_sip._udp.a.example.com'), flags: 'A' },
      naptr(10, 30, 'SIP+D2U', '.'),
      naptr(10, 40, 'SIP+D2T', '_sip._tcp.example.com'),
    ];
    expect(naptrServices(records, false)).toEqual([{ protocol: 'tcp', name: '_sip._tcp.example.com' }]);
  });
  it('MUST query "_sip" for SIP URIs and "_sips" for SIPS URIs without NAPTR (§4.1, §4.2)', () => {
    expect(defaultServices('example.com', false)).toEqual([
      { protocol: 'udp', name: '_sip._udp.example.com' },
      { protocol: 'tcp', name: '_sip._tcp.example.com' },
    ]);
    expect(defaultServices('example.com', true)).toEqual([
      { protocol: 'tls', name: '_sips._tcp.example.com' },
    ]);
    expect(srvService('tls', 'example.com')).toEqual({ protocol: 'tls', name: '_sips._tcp.example.com' });
  });
});
