import { describe, expect, it } from 'vitest';
import { formatVia, parseVia } from '#sip/message/headers/via.js';
import type { Via } from '#sip/message/types.js';
import {
  responseDestination,
  stampReceived,
  viaReceivedParams,
} from '#sip/transport/response-destination.js';
import type { Flow, TransportProtocol } from '#sip/transport/transport.js';

function via(overrides: Partial<Via> = {}): Via {
  return {
    protocolName: 'SIP',
    protocolVersion: '2.0',
    transport: 'UDP',
    host: '192.0.2.10',
    port: 5070,
    params: [],
    branch: 'z9hG4bK-1',
    received: null,
    rport: null,
    maddr: null,
    ttl: null,
    ...overrides,
  };
}

function flow(protocol: TransportProtocol, address = '198.51.100.7', port = 40000): Flow {
  return { id: 't1f9', protocol, local: { address: '10.0.0.1', port: 5060 }, remote: { address, port } };
}

describe('viaReceivedParams (RFC 3261 §18.2.1, RFC 3581 §4)', () => {
  it('MUST add received when the sent-by address differs from the source address (§18.2.1)', () => {
    expect(viaReceivedParams(via(), flow('udp'))).toEqual({ received: '198.51.100.7', rport: null });
  });

  it('MUST add received when sent-by is a domain name (§18.2.1)', () => {
    expect(viaReceivedParams(via({ host: 'phone.example.com' }), flow('tcp'))).toEqual({
      received: '198.51.100.7',
      rport: null,
    });
  });

  it('MUST NOT add received when sent-by equals the source address (§18.2.1)', () => {
    expect(viaReceivedParams(via({ host: '198.51.100.7' }), flow('udp'))).toEqual({
      received: null,
      rport: null,
    });
  });

  it('MUST compare an IPv6 sent-by without its brackets (§18.2.1)', () => {
    const source = flow('udp', '2001:db8::1');
    expect(viaReceivedParams(via({ host: '[2001:db8::1]' }), source)).toEqual({
      received: null,
      rport: null,
    });
  });

  it('MUST set an empty rport to the source port (RFC 3581 §4)', () => {
    expect(viaReceivedParams(via({ rport: true }), flow('udp'))).toEqual({
      received: '198.51.100.7',
      rport: 40000,
    });
  });

  it('MUST insert received with rport even when it equals sent-by (RFC 3581 §4)', () => {
    const result = viaReceivedParams(via({ host: '198.51.100.7', rport: true }), flow('udp'));
    expect(result).toEqual({ received: '198.51.100.7', rport: 40000 });
  });

  it('MUST leave an rport that already has a value alone (RFC 3581 §4)', () => {
    expect(viaReceivedParams(via({ host: '198.51.100.7', rport: 1234 }), flow('udp')).rport).toBeNull();
  });
});

describe('stampReceived (RFC 3261 §18.2.1, RFC 3581 §4)', () => {
  function parsed(text: string): Via {
    const result = parseVia(text);
    if (!result.ok) throw new Error(result.error);
    return result.value;
  }

  it('MUST stamp received and the source port into the top Via, keeping parameter order', () => {
    const stamped = stampReceived(parsed('SIP/2.0/UDP 10.1.1.1:5070;rport;branch=z9hG4bK-1'), flow('udp'));
    expect(formatVia(stamped)).toBe(
      'SIP/2.0/UDP 10.1.1.1:5070;rport=40000;branch=z9hG4bK-1;received=198.51.100.7',
    );
    expect(stamped).toMatchObject({ received: '198.51.100.7', rport: 40000 });
  });

  it('MUST return the same Via when nothing needs stamping', () => {
    const original = parsed('SIP/2.0/TCP 198.51.100.7:5070;branch=z9hG4bK-1');
    expect(stampReceived(original, flow('tcp'))).toBe(original);
  });
});

describe('responseDestination (RFC 3261 §18.2.2, RFC 3581 §4)', () => {
  it('MUST send the response over the connection the request arrived on when reliable (§18.2.2)', () => {
    expect(responseDestination(via({ transport: 'TCP' }), flow('tcp'))).toEqual({
      protocol: 'tcp',
      address: '198.51.100.7',
      port: 5070,
      flowId: 't1f9',
    });
  });

  it('MUST fall back to received and the default TLS port 5061 for a new connection (§18.2.2)', () => {
    const target = responseDestination(via({ transport: 'TLS', port: null }), flow('tls'));
    expect(target).toEqual({ protocol: 'tls', address: '198.51.100.7', port: 5061, flowId: 't1f9' });
  });

  it('MUST send to the maddr address and the sent-by port when maddr is present (§18.2.2)', () => {
    const target = responseDestination(via({ maddr: '239.255.255.1', rport: true }), flow('udp'));
    expect(target).toEqual({ protocol: 'udp', address: '239.255.255.1', port: 5070 });
  });

  it('MUST use port 5060 with maddr when sent-by has no port (§18.2.2)', () => {
    expect(responseDestination(via({ maddr: '239.255.255.1', port: null }), flow('udp')).port).toBe(5060);
  });

  it('MUST send to received and the source port when rport is present over UDP (RFC 3581 §4)', () => {
    expect(responseDestination(via({ rport: true }), flow('udp'))).toEqual({
      protocol: 'udp',
      address: '198.51.100.7',
      port: 40000,
    });
  });

  it('MUST use the stamped rport and received values when the Via was already stamped (RFC 3581 §4)', () => {
    const stamped = via({ rport: 40000, received: '198.51.100.7' });
    expect(responseDestination(stamped, flow('udp'))).toEqual({
      protocol: 'udp',
      address: '198.51.100.7',
      port: 40000,
    });
  });

  it('MUST send to received and the sent-by port over UDP without rport (§18.2.2)', () => {
    expect(responseDestination(via({ received: '198.51.100.7' }), flow('udp'))).toEqual({
      protocol: 'udp',
      address: '198.51.100.7',
      port: 5070,
    });
  });

  it('MUST use port 5060 over UDP when sent-by has no port (§18.2.2)', () => {
    expect(responseDestination(via({ port: null }), flow('udp')).port).toBe(5060);
  });

  it('MUST send to the source address when received is absent because sent-by matched it (§18.2.2)', () => {
    const target = responseDestination(via({ host: '198.51.100.7' }), flow('udp'));
    expect(target).toEqual({ protocol: 'udp', address: '198.51.100.7', port: 5070 });
  });
});
