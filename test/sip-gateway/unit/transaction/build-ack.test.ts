import { describe, expect, it } from 'vitest';
import { buildAckForNon2xx } from '#sip/transaction/build-ack.js';
import { buildRequest, buildResponse } from '#test/support/message-builders.js';

describe('ACK for a non-2xx final response (RFC 3261 §17.1.1.3)', () => {
  const invite = buildRequest({
    method: 'INVITE',
    branch: 'z9hG4bK-top',
    lowerViaHosts: ['192.0.2.20'],
    routes: ['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr>'],
    cseq: 7,
    maxForwards: 69,
  });
  const response = buildResponse(invite, 486, 'uas-tag');
  const ack = buildAckForNon2xx(invite, response);
  const header = (name: string) => ack.headers.filter((h) => h.name === name).map((h) => h.value);

  it('MUST carry the Request-URI, Call-ID and From of the original request', () => {
    expect(ack.method).toBe('ACK');
    expect(ack.uri).toEqual(invite.uri);
    expect(ack.base.callId).toBe(invite.base.callId);
    expect(ack.base.from).toEqual(invite.base.from);
    expect(header('Call-ID')).toEqual([invite.base.callId]);
    expect(header('From')).toEqual(['<sip:alice@example.com>;tag=from-1']);
  });

  it('MUST take the To header field from the response being acknowledged', () => {
    expect(ack.base.to.tag).toBe('uas-tag');
    expect(header('To')).toEqual(['<sip:bob@example.com>;tag=uas-tag']);
  });

  it('MUST contain a single Via equal to the top Via of the original request', () => {
    expect(ack.base.via).toEqual([invite.base.via[0]]);
    expect(header('Via')).toEqual(['SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-top']);
  });

  it('MUST keep the CSeq number with the method ACK', () => {
    expect(ack.base.cseq).toEqual({ seq: 7, method: 'ACK' });
    expect(header('CSeq')).toEqual(['7 ACK']);
  });

  it("MUST carry the INVITE's Route header fields", () => {
    expect(header('Route')).toEqual(['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr>']);
  });

  it('carries Max-Forwards from the INVITE and an empty body', () => {
    expect(ack.base.maxForwards).toBe(69);
    expect(header('Max-Forwards')).toEqual(['69']);
    expect(header('Content-Length')).toEqual(['0']);
    expect(ack.body.length).toBe(0);
  });

  it('does not split the top Via at a comma inside a quoted parameter', () => {
    const quoted = {
      ...invite,
      headers: invite.headers.map((h) =>
        h.name === 'Via'
          ? { name: 'v', value: 'SIP/2.0/UDP a.example;x="p,\\"q", SIP/2.0/UDP b.example' }
          : h,
      ),
      base: { ...invite.base, maxForwards: null },
    };
    const built = buildAckForNon2xx(quoted, response);
    expect(built.headers[0]).toEqual({ name: 'v', value: 'SIP/2.0/UDP a.example;x="p,\\"q"' });
    expect(built.base.maxForwards).toBe(70);
  });
});
