import { describe, expect, it } from 'vitest';
import { formatUri, parseUri, type Uri, uriEquals } from '#sip/message/index.js';

const parse = (text: string): Uri => {
  const r = parseUri(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('parseUri / formatUri', () => {
  it('MUST parse user, password, host, port, params and headers of a SIP URI (RFC 3261 §19.1.1)', () => {
    expect(
      parse('sips:alice:secret@Atlanta.COM:5061;transport=tcp;lr?subject=project%20x&priority=urgent'),
    ).toEqual({
      scheme: 'sips',
      user: 'alice',
      password: 'secret',
      host: 'atlanta.com',
      port: 5061,
      params: [
        ['transport', 'tcp'],
        ['lr', null],
      ],
      headers: [
        ['subject', 'project x'],
        ['priority', 'urgent'],
      ],
    });
  });

  it('MUST keep IPv6 references with brackets and a port outside them (RFC 5118 §4.4)', () => {
    expect(parse('sip:[2001:db8::10]:5070')).toMatchObject({ host: '[2001:db8::10]', port: 5070 });
    expect(parse('sip:[2001:db8::10:5070]')).toMatchObject({ host: '[2001:db8::10:5070]', port: null });
  });

  it('MUST reject an IPv6 address without brackets (RFC 5118 §4.2)', () => {
    expect(parseUri('sip:2001:db8::10').ok).toBe(false);
  });

  it('MUST decode %-escapes once, not recursively (RFC 3261 §19.1.2, RFC 4475 §3.1.1.2)', () => {
    expect(parse('sip:%61lice@h;n%61me=v%2541')).toMatchObject({ user: 'alice', params: [['name', 'v%41']] });
  });

  it('MUST parse tel URIs (RFC 3966) and keep other schemes verbatim', () => {
    expect(parse('tel:+1-201-555-0123;ext=1')).toEqual({
      scheme: 'tel',
      number: '+1-201-555-0123',
      params: [['ext', '1']],
    });
    expect(parse('urn:service:sos')).toEqual({ scheme: 'urn', raw: 'urn:service:sos' });
  });

  it('MUST reject whitespace and a missing scheme', () => {
    for (const bad of ['sip:user@example.com; lr', '<sip:a@b>', 'sip:', 'no-scheme', 'sip:a@b:99999']) {
      expect(parseUri(bad).ok, bad).toBe(false);
    }
  });

  it('MUST round-trip parse(format(x)) and write exact wire text', () => {
    const uri = parse('sip:user;par=u%40example.net@example.com;maddr=[2001:db8::1]?Route=%3Csip:x%3E');
    expect(formatUri(uri)).toBe(
      'sip:user;par=u%40example.net@example.com;maddr=[2001:db8::1]?Route=%3Csip:x%3E',
    );
    expect(parse(formatUri(uri))).toEqual(uri);
    expect(formatUri(parse('sip:I%20have%20spaces@example.net'))).toBe('sip:I%20have%20spaces@example.net');
    expect(formatUri(parse('tel:+1-201;ext=1'))).toBe('tel:+1-201;ext=1');
  });
});

describe('uriEquals (RFC 3261 §19.1.4)', () => {
  const same = (a: string, b: string) => uriEquals(parse(a), parse(b));

  it('MUST treat these URIs as equivalent (§19.1.4 examples)', () => {
    expect(same('sip:%61lice@atlanta.com;transport=TCP', 'sip:alice@AtLanTa.CoM;Transport=tcp')).toBe(true);
    expect(same('sip:carol@chicago.com', 'sip:carol@chicago.com;newparam=5')).toBe(true);
    expect(same('sip:carol@chicago.com;security=on', 'sip:carol@chicago.com;newparam=5')).toBe(true);
    expect(
      same(
        'sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com',
        'sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com',
      ),
    ).toBe(true);
    expect(
      same(
        'sip:alice@atlanta.com?subject=project%20x&priority=urgent',
        'sip:alice@atlanta.com?priority=urgent&subject=project%20x',
      ),
    ).toBe(true);
  });

  it('MUST NOT treat these URIs as equivalent (§19.1.4 examples)', () => {
    expect(same('SIP:ALICE@AtLanTa.CoM;Transport=udp', 'sip:alice@AtLanTa.CoM;Transport=UDP')).toBe(false);
    expect(same('sip:bob@biloxi.com', 'sip:bob@biloxi.com:5060')).toBe(false);
    expect(same('sip:bob@biloxi.com', 'sip:bob@biloxi.com;transport=udp')).toBe(false);
    expect(same('sip:bob@biloxi.com', 'sip:bob@biloxi.com:6000;transport=tcp')).toBe(false);
    expect(same('sip:carol@chicago.com', 'sip:carol@chicago.com?Subject=next%20meeting')).toBe(false);
    expect(same('sip:bob@phone21.boxesbybob.com', 'sip:bob@192.0.2.4')).toBe(false);
    expect(same('sip:a@b;user=phone', 'sip:a@b')).toBe(false);
    expect(same('sip:a@b;maddr=x', 'sip:a@b')).toBe(false);
    expect(same('sip:a@b', 'sips:a@b')).toBe(false);
  });

  it('MUST compare tel numbers ignoring visual separators (RFC 3966 §4)', () => {
    expect(same('tel:+1-201-555-0123', 'tel:+1.201.555.0123')).toBe(true);
    expect(same('tel:+1-201-555-0123', 'tel:+1-201-555-0124')).toBe(false);
  });
});
