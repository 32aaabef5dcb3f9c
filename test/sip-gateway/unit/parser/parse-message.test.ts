import { describe, expect, it } from 'vitest';
import {
  getContacts,
  getCredentials,
  getHeaderValues,
  makeVia,
  type Result,
  type SipMessage,
  type SipRequest,
  serializeMessage,
  withHeader,
  withMaxForwards,
  withoutHeaders,
  withoutTopVia,
  withReplacedTopVia,
  withRequestUri,
  withTopVia,
} from '#sip/message/index.js';
import { buildBadRequest, parseMessage } from '#sip/parser/index.js';

const bytes = (lines: string[], eol = '\r\n') => new TextEncoder().encode(lines.join(eol));
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

const REGISTER = [
  'REGISTER sip:example.com SIP/2.0',
  'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1, SIP/2.0/TCP 192.0.2.2;branch=z9hG4bK2',
  'Max-Forwards: 70',
  'From: <sip:alice@example.com>;tag=1',
  'To: <sip:alice@example.com>',
  'Call-ID: c1@host',
  'CSeq: 2 REGISTER',
  'm: <sip:alice@192.0.2.1>;expires=60',
  'Authorization: Digest username="alice", realm="example.com", nonce="n", uri="sip:example.com", response="r"',
  'X-Trace: abc',
  'Content-Length: 0',
  '',
  '',
];

function parse(b: Uint8Array): SipMessage {
  const r = parseMessage(b);
  if (!r.ok) throw new Error(r.error.reason);
  return r.message;
}

describe('parseMessage', () => {
  it('MUST parse the mandatory headers once into base (RFC 3261 §8.1.1)', () => {
    const msg = parse(bytes(REGISTER));
    expect(msg.kind).toBe('request');
    expect(msg.base.via.map((v) => v.branch)).toEqual(['z9hG4bK1', 'z9hG4bK2']);
    expect(msg.base).toMatchObject({
      callId: 'c1@host',
      cseq: { seq: 2, method: 'REGISTER' },
      maxForwards: 70,
    });
    expect(value(getContacts(msg))).toMatchObject({ wildcard: false, contacts: [{ expires: 60 }] });
    expect(value(getCredentials(msg, 'authorization'))[0]?.digest?.username).toBe('alice');
    expect(getHeaderValues(msg, 'x-trace')).toEqual(['abc']);
  });

  it('SHOULD accept bare LF line ends and a header section without the empty line', () => {
    const lf = parse(bytes(REGISTER, '\n'));
    expect(lf.base.callId).toBe('c1@host');
    const unterminated = parse(bytes(REGISTER.slice(0, -2)));
    expect(unterminated.body.length).toBe(0);
  });

  it('MUST ignore octets beyond Content-Length in a datagram (RFC 3261 §18.3)', () => {
    const msg = parse(bytes([...REGISTER.slice(0, -3), 'Content-Length: 3', '', 'abcdef']));
    expect(text(msg.body)).toBe('abc');
  });

  it('MUST take the rest of the datagram as body when Content-Length is absent (RFC 3261 §18.3)', () => {
    const msg = parse(bytes([...REGISTER.slice(0, -3), '', 'abcdef']));
    expect(text(msg.body)).toBe('abcdef');
  });

  it('MUST reject a Content-Length larger than the body with a reason naming it (RFC 3261 §18.3)', () => {
    const r = parseMessage(bytes([...REGISTER.slice(0, -3), 'Content-Length: 9999', '', 'abc']));
    expect(r.ok === false && r.error.reason).toBe('Content-Length 9999 exceeds body of 3 octets');
  });

  it('MUST reject a missing or duplicated mandatory header (RFC 3261 §8.1.1)', () => {
    const missing = parseMessage(bytes(REGISTER.filter((l) => !l.startsWith('Call-ID'))));
    expect(missing.ok === false && missing.error.reason).toBe('Missing Call-ID header');
    const dup = parseMessage(bytes([REGISTER[0] ?? '', 't: <sip:b@x>', ...REGISTER.slice(1)]));
    expect(dup.ok === false && dup.error.reason).toBe('Duplicate To header');
  });

  it('MUST reject a CSeq method that differs from the request method (RFC 4475 §3.1.2.10)', () => {
    const r = parseMessage(bytes(REGISTER.map((l) => (l.startsWith('CSeq') ? 'CSeq: 2 INVITE' : l))));
    expect(r.ok === false && r.error.reason).toBe(
      'CSeq method INVITE does not match request method REGISTER',
    );
  });

  it('MUST parse responses, and report response faults with kind "response"', () => {
    const ok = parse(bytes(['SIP/2.0 200 OK', ...REGISTER.slice(1)]));
    expect(ok.kind === 'response' && [ok.status, ok.reason]).toEqual([200, 'OK']);
    const bad = parseMessage(bytes(['SIP/2.0 2000 OK', ...REGISTER.slice(1)]));
    expect(bad.ok === false && bad.error.kind).toBe('response');
    expect(bad.ok === false && buildBadRequest(bad.error)).toBeNull();
  });

  it('MUST never throw on garbage and report kind "unknown"', () => {
    const r = parseMessage(new Uint8Array([0xff, 0x00, 0x41]));
    expect(r.ok === false && r.error.kind).toBe('unknown');
    expect(parseMessage(new Uint8Array()).ok).toBe(false);
  });
});

describe('buildBadRequest (RFC 3261 §8.2.6.2)', () => {
  it('MUST copy Via, From, To, Call-ID and CSeq and add a To tag', () => {
    const r = parseMessage(bytes([...REGISTER.slice(0, -3), 'Content-Length: 99', '', '']));
    if (r.ok) throw new Error('expected failure');
    const reply = parse(buildBadRequest(r.error) ?? new Uint8Array());
    expect(reply.kind === 'response' && [reply.status, reply.reason]).toEqual([
      400,
      'Content-Length 99 exceeds body of 0 octets',
    ]);
    expect(reply.base.via).toHaveLength(2);
    expect(reply.base.to.tag).toMatch(/^[0-9a-f]{8}$/);
    expect(getHeaderValues(reply, 'x-trace')).toEqual([]);
  });

  it('MUST NOT answer an ACK (RFC 3261 §17.2.1)', () => {
    const ack = REGISTER.map((l) => l.replace('REGISTER', 'ACK')).filter((l) => !l.startsWith('Call-ID'));
    const r = parseMessage(bytes(ack));
    expect(r.ok === false && buildBadRequest(r.error)).toBeNull();
  });
});

describe('serializeMessage and updates', () => {
  const msg = parse(bytes([...REGISTER.slice(0, -3), 'l: 0', '', ''])) as SipRequest;

  it('MUST write CRLF lines, keep header order and rewrite Content-Length in place', () => {
    const wire = text(serializeMessage(msg));
    expect(wire.startsWith('REGISTER sip:example.com SIP/2.0\r\nVia: ')).toBe(true);
    expect(wire.endsWith('X-Trace: abc\r\nl: 0\r\n\r\n')).toBe(true);
  });

  it('MUST add a Content-Length when there is none', () => {
    const wire = text(serializeMessage(withoutHeaders(msg, 'content-length')));
    expect(wire.endsWith('X-Trace: abc\r\nContent-Length: 0\r\n\r\n')).toBe(true);
  });

  it('MUST keep headers and base consistent through Via updates (RFC 3261 §16.6, §18.2.1)', () => {
    const mine = value(
      makeVia({ transport: 'UDP', host: 'proxy.example.com', port: 5060, params: [['branch', 'z9hG4bKp']] }),
    );
    const forwarded = withTopVia(msg, mine);
    expect(forwarded.base.via.map((v) => v.branch)).toEqual(['z9hG4bKp', 'z9hG4bK1', 'z9hG4bK2']);
    expect(parse(serializeMessage(forwarded)).base).toEqual(forwarded.base);

    const stamped = withReplacedTopVia(
      msg,
      value(
        makeVia({
          ...msg.base.via[0],
          params: [...msg.base.via[0].params, ['received', '198.51.100.1'], ['rport', '5060']],
        }),
      ),
    );
    expect(stamped.base.via[0]).toMatchObject({ received: '198.51.100.1', rport: 5060 });
    expect(parse(serializeMessage(stamped)).base).toEqual(stamped.base);

    const popped = withoutTopVia(msg);
    expect(popped?.base.via.map((v) => v.branch)).toEqual(['z9hG4bK2']);
    expect(popped && parse(serializeMessage(popped)).base).toEqual(popped?.base);
    expect(popped && withoutTopVia(popped)).toBeNull();
  });

  it('MUST update Max-Forwards, Request-URI and appended headers immutably', () => {
    const next = withHeader(
      withRequestUri(withMaxForwards(msg, 69), {
        scheme: 'sip',
        user: null,
        password: null,
        host: 'b.example',
        port: null,
        params: [],
        headers: [],
      }),
      'Record-Route',
      '<sip:p;lr>',
    );
    const reparsed = parse(serializeMessage(next)) as SipRequest;
    expect(reparsed.base.maxForwards).toBe(69);
    expect(reparsed.uri).toMatchObject({ host: 'b.example' });
    expect(getHeaderValues(reparsed, 'record-route')).toEqual(['<sip:p;lr>']);
    expect(msg.base.maxForwards).toBe(70);
    expect(() => withoutHeaders(msg, 'call-id')).toThrow();
  });
});
