import { describe, expect, it } from 'vitest';
import { coreHeaderName, headerInfo } from '#sip/message/header-names.js';
import { parseCSeq } from '#sip/message/headers/cseq.js';
import { parseAddressAt } from '#sip/message/headers/name-addr.js';
import { scanQuoted } from '#sip/message/syntax.js';
import { parseUri, parseUriIn } from '#sip/message/uri/parse-uri.js';
import { splitHeaderLines } from '#sip/parser/header-lines.js';
import { parseMessage } from '#sip/parser/index.js';

describe('splitHeaderLines (RFC 3261 §7, §7.3.1)', () => {
  it('MUST end the header section at the first empty line and report where the body starts', () => {
    const text = '\r\nOPTIONS sip:a SIP/2.0\r\nVia: x\r\nCall-ID: 1\r\n\r\nbody: not a header';
    const lines = splitHeaderLines(text, 2);
    expect(lines.startLine).toBe('OPTIONS sip:a SIP/2.0');
    expect(lines.headers).toEqual([
      { name: 'Via', value: 'x' },
      { name: 'Call-ID', value: '1' },
    ]);
    expect(lines.bodyStart).toBe(text.indexOf('body'));
  });

  it('MUST accept bare LF line ends and unfold continuation lines into one SP', () => {
    const lines = splitHeaderLines('INVITE sip:a SIP/2.0\nSubject: a\n  b\n\tc\nv : y\n\nz');
    expect(lines.headers).toEqual([
      { name: 'Subject', value: 'a b c' },
      { name: 'v', value: 'y' },
    ]);
    expect(lines.keys).toEqual(['', 'via']);
    expect(lines.error).toBeNull();
  });

  it('MUST give the key of the core headers in any case or compact form, "" for others', () => {
    const text = 'A\r\nVIA: 1\r\nf: 2\r\ncall-id: 3\r\nContent-Length: 0\r\nX-A: 4';
    const lines = splitHeaderLines(text);
    expect(lines.keys).toEqual(['via', 'from', 'call-id', 'content-length', '']);
    expect(lines.headers.map((h) => h.name)).toEqual(['VIA', 'f', 'call-id', 'Content-Length', 'X-A']);
    // No empty line: the datagram is all header section (RFC 5118 §4.10 as published).
    expect(lines.bodyStart).toBe(text.length);
  });

  it('MUST report a line without a token name, and a lone CR at the end, as bad header lines', () => {
    expect(splitHeaderLines('A\r\nBad Name: 1\r\nTo: x').error).toBe('Bad header line: "Bad Name: 1"');
    expect(splitHeaderLines('A\r\nTo: x\r\n\r').error).toBe('Bad header line: ""');
    expect(splitHeaderLines('A\r\n folded\r\nTo: x').error).toBe(
      'Bad header line: continuation line without a header',
    );
  });
});

describe('header names (RFC 3261 §7.3.1, §7.3.3)', () => {
  it('MUST match core names without a copy and reuse the canonical spelling when written so', () => {
    const text = 'xContent-Lengthy';
    expect(coreHeaderName(text, 1, 15)).toEqual({ key: 'content-length', name: 'Content-Length' });
    expect(coreHeaderName('CONTENT-LENGTH', 0, 14)).toEqual({ key: 'content-length', name: null });
    expect(coreHeaderName('l', 0, 1)).toEqual({ key: 'content-length', name: 'l' });
    expect(coreHeaderName('Contact', 0, 7)).toBeNull();
    expect(coreHeaderName('Call-IX', 0, 7)).toBeNull();
  });

  it('MUST resolve any spelling to key, canonical and compact forms and list-ness', () => {
    expect(headerInfo('m')).toEqual({ key: 'contact', canonical: 'Contact', compact: 'm', list: true });
    expect(headerInfo('WWW-AUTHENTICATE')).toMatchObject({ key: 'www-authenticate', list: false });
    expect(headerInfo('X-Foo')).toEqual({ key: 'x-foo', canonical: 'X-Foo', compact: null, list: false });
  });
});

describe('scanners on ranges', () => {
  it('MUST end a quoted-string only at a quote not escaped by an odd run of backslashes (§25.1)', () => {
    expect(scanQuoted('"ab" x', 0)).toBe(4);
    expect(scanQuoted('"a\\"b" x', 0)).toBe(6);
    expect(scanQuoted('"a\\\\" x', 0)).toBe(5);
    expect(scanQuoted('"a\\\\\\"b"', 0)).toBe(8);
    expect(scanQuoted('"a\\"', 0)).toBe(-1);
  });

  it('MUST parse a URI inside a longer string exactly as the URI alone (§19.1)', () => {
    const s = '<sip:Alice:pw@Example.COM:5061;Transport=TCP;lr?Subject=a%20b&x=y>;tag=1';
    expect(parseUriIn(s, 1, s.indexOf('>'))).toEqual(parseUri(s.slice(1, s.indexOf('>'))));
    expect(parseUriIn('sip:a@b;c', 0, 5)).toEqual(parseUri('sip:a'));
    expect(parseUriIn('<sip:[::1]>', 1, 6).ok).toBe(false);
  });

  it('MUST give the end of a name-addr and its header parameters', () => {
    const parsed = parseAddressAt('"A" <sip:a@b>;tag=1 , <sip:c@d>', 0);
    expect(parsed.ok && parsed.value).toMatchObject({ displayName: 'A', params: [['tag', '1']], end: 20 });
  });

  it('MUST parse CSeq with leading zeros and reject numbers above 2**32-1 (§8.1.1.5)', () => {
    expect(parseCSeq('0004294967295 INVITE')).toEqual({
      ok: true,
      value: { seq: 4294967295, method: 'INVITE' },
    });
    expect(parseCSeq('4294967296 INVITE').ok).toBe(false);
    expect(parseCSeq('1\tACK')).toEqual({ ok: true, value: { seq: 1, method: 'ACK' } });
    expect(parseCSeq('1 IN VITE').ok).toBe(false);
  });
});

describe('parseMessage framing', () => {
  it('MUST frame the body by octets when the header section holds UTF-8 (§7.4.1)', () => {
    const head = 'MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n';
    const rest = 'From: "Zoë" <sip:z@b>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: 1\r\nCSeq: 1 MESSAGE\r\n';
    const bytes = new TextEncoder().encode(`${head}${rest}Content-Length: 3\r\n\r\nabcdef`);
    const result = parseMessage(bytes);
    expect(result.ok && result.message.base.from.displayName).toBe('Zoë');
    expect(result.ok && new TextDecoder().decode(result.message.body)).toBe('abc');
  });

  it('MUST frame a binary body after an ASCII header section', () => {
    const head = 'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\n';
    const rest = 'To: <sip:a@b>\r\nCall-ID: 1\r\nCSeq: 1 INFO\r\n\r\n';
    const bytes = new Uint8Array([...new TextEncoder().encode(head + rest), 0xff, 0x00, 0xc3]);
    const result = parseMessage(bytes);
    expect(result.ok && Array.from(result.message.body)).toEqual([0xff, 0x00, 0xc3]);
  });
});
