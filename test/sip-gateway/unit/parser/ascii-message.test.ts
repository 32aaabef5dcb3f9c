import { describe, expect, it } from 'vitest';
import { extractBaseHeaders } from '#sip/message/base-headers.js';
import { coreHeaderNameAt, writtenHeaderNameAt } from '#sip/message/header-names.js';
import { parseCSeq } from '#sip/message/headers/cseq.js';
import { parseFromTo } from '#sip/message/headers/name-addr.js';
import { parseVia } from '#sip/message/headers/via.js';
import { parseUri } from '#sip/message/uri/parse-uri.js';
import { sipUriIn } from '#sip/message/uri/sip-uri-in.js';
import { parseAsciiMessage } from '#sip/parser/ascii-message.js';
import { cseqIn, fromToIn, viaIn } from '#sip/parser/byte-values.js';
import { splitHeaderLines } from '#sip/parser/header-lines.js';

const latin1 = (text: string) => Buffer.from(text, 'latin1');

/** Runs a range parser over the whole of `text`. */
function onRange<T>(parse: (bytes: Uint8Array, text: string, start: number, end: number) => T, text: string) {
  return parse(latin1(text), text, 0, text.length);
}

const REGISTER = [
  'REGISTER sip:example.com SIP/2.0',
  'Via: SIP/2.0/udp 192.0.2.10:5060;branch=z9hG4bK776;rport',
  'v: SIP/2.0/TCP h.example.com;branch=z9hG4bK2;received=[2001:db8::1]',
  'Max-Forwards: 70',
  'From: "Alice" <sip:Alice@Example.COM;Transport=UDP>;tag=1928',
  'TO: <sips:alice@example.com:5061>',
  'Call-ID: a84b4c76e66710@pc33',
  'CSeq: 2 REGISTER',
  'Contact: <sip:alice@192.0.2.10>;expires=60',
  'Content-Length: 0',
  '',
  '',
].join('\r\n');

describe('parseAsciiMessage (fast path of parseMessage, RFC 3261 §7)', () => {
  it('MUST give the same headers and base headers as the general path', () => {
    const message = parseAsciiMessage(latin1(REGISTER), REGISTER, 0);
    const lines = splitHeaderLines(REGISTER);
    const base = extractBaseHeaders(lines.headers, 'REGISTER', lines.keys);
    expect(message?.headers).toEqual(lines.headers);
    expect(base.ok && message?.base).toEqual(base.ok && base.value);
  });

  it('MUST read header names with LWS before HCOLON and in any case (RFC 3261 §7.3.1)', () => {
    const text = REGISTER.replace('Max-Forwards: 70', 'max-forwards\t :70').replace(
      'Call-ID:',
      'X-Extra : 1\r\nCall-ID:',
    );
    const message = parseAsciiMessage(latin1(text), text, 0);
    const lines = splitHeaderLines(text);
    expect(message?.headers).toEqual(lines.headers);
    expect(message?.base.maxForwards).toBe(70);
  });

  it('MUST leave a header line that is not `token LWS ":"` to the general path', () => {
    for (const line of ['X Bad: 1', 'NoColon', ': empty', '\rX: 1']) {
      const text = REGISTER.replace('Max-Forwards: 70', line);
      expect(parseAsciiMessage(latin1(text), text, 0)).toBeNull();
    }
  });

  it('MUST leave folded lines, duplicates and every error to the general path', () => {
    const folded = REGISTER.replace('CSeq: 2 REGISTER', 'CSeq: 2\r\n REGISTER');
    expect(parseAsciiMessage(latin1(folded), folded, 0)).toBeNull();
    const duplicate = REGISTER.replace('Max-Forwards: 70', 'Call-ID: other');
    expect(parseAsciiMessage(latin1(duplicate), duplicate, 0)).toBeNull();
    const mismatch = REGISTER.replace('2 REGISTER', '2 INVITE');
    expect(parseAsciiMessage(latin1(mismatch), mismatch, 0)).toBeNull();
  });
});

describe('range parsers', () => {
  it('MUST read the usual shapes exactly as the string parsers do', () => {
    for (const text of [
      'SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1;rport=1;RECEIVED=h',
      'SIP/2.0/tls H.Example',
    ]) {
      expect(onRange(viaIn, text)).toEqual((parseVia(text) as { value: unknown }).value);
    }
    for (const text of ['"A B" <sip:a@h;lr>;tag=x', '<sips:h:5061;maddr=m;x=>;p;tag=t']) {
      expect(onRange(fromToIn, text)).toEqual((parseFromTo(text) as { value: unknown }).value);
    }
    expect(onRange(sipUriIn, 'sip:u;x@H:1;A=B')).toEqual(
      (parseUri('sip:u;x@H:1;A=B') as { value: unknown }).value,
    );
    expect(onRange(cseqIn, '0000000001 ACK')).toEqual(
      (parseCSeq('0000000001 ACK') as { value: unknown }).value,
    );
  });

  it('MUST decline shapes they do not read (escapes, quoted-pairs, IPv6, LWS, lists)', () => {
    expect(onRange(sipUriIn, 'sip:%61@h')).toBeNull();
    expect(onRange(sipUriIn, 'sip:[::1]')).toBeNull();
    expect(onRange(sipUriIn, 'sip:h?subject=x')).toBeNull();
    expect(onRange(fromToIn, '"a\\"b" <sip:h>')).toBeNull();
    expect(onRange(fromToIn, '<sip:h> ;tag=1')).toBeNull();
    expect(onRange(viaIn, 'SIP/2.0/UDP h, SIP/2.0/UDP g')).toBeNull();
    expect(onRange(cseqIn, '12345678901 ACK')).toBeNull();
  });

  it('MUST share the canonical spelling of known header names written exactly', () => {
    expect(writtenHeaderNameAt(latin1('xAuthorization:'), 1, 14)).toBe('Authorization');
    expect(writtenHeaderNameAt(latin1('authorization'), 0, 13)).toBeNull();
    expect(coreHeaderNameAt(latin1('CSEQ'), 0, 4)).toEqual({ key: 'cseq', name: null });
  });
});
