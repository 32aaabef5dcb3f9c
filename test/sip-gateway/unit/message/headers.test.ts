import { describe, expect, it } from 'vitest';
import { canonicalHeaderName, headerKey } from '#sip/message/header-names.js';
import {
  formatAuthenticationInfo,
  formatChallenge,
  formatContactList,
  formatContentType,
  formatCredentials,
  formatCSeq,
  formatFromTo,
  formatOptionTags,
  formatReason,
  formatRoute,
  formatVia,
  makeReason,
  parseAuthenticationInfo,
  parseChallenge,
  parseContactList,
  parseContentLength,
  parseContentType,
  parseCredentials,
  parseCSeq,
  parseExpires,
  parseFromTo,
  parseMaxForwards,
  parseOptionTags,
  parseReason,
  parseRoute,
  parseVia,
  parseViaList,
  type Result,
  splitList,
} from '#sip/message/index.js';

const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('header names', () => {
  it('MUST treat header field names case-insensitively (RFC 3261 §7.3.1)', () => {
    expect(['Via', 'VIA', 'vIa', 'v', 'V'].map(headerKey)).toEqual(Array(5).fill('via'));
    expect(canonicalHeaderName('call-id')).toBe('Call-ID');
  });

  it('MUST map compact forms to long names (RFC 3261 §7.3.3 and extensions)', () => {
    const compact = 'v f t i m l c e k s o r u x b a y j d'.split(' ').map(headerKey);
    expect(compact).toEqual([
      'via',
      'from',
      'to',
      'call-id',
      'contact',
      'content-length',
      'content-type',
      'content-encoding',
      'supported',
      'subject',
      'event',
      'refer-to',
      'allow-events',
      'session-expires',
      'referred-by',
      'accept-contact',
      'identity',
      'reject-contact',
      'request-disposition',
    ]);
  });

  it('MUST split lists at commas outside quotes and <> (RFC 3261 §7.3.1)', () => {
    expect(splitList('"a, b" <sip:x>, <sip:y;p=1,2>, z')).toEqual(['"a, b" <sip:x>', '<sip:y;p=1,2>', 'z']);
  });
});

describe('Via (RFC 3261 §20.42)', () => {
  it('MUST parse LWS around "/" and ";" and the received/rport/branch params', () => {
    const via = value(
      parseVia('SIP / 2.0 / udp  Host.Example.com : 5060 ; branch = z9hG4bK1;rport;received=192.0.2.1'),
    );
    expect(via).toMatchObject({
      transport: 'UDP',
      host: 'host.example.com',
      port: 5060,
      branch: 'z9hG4bK1',
      rport: true,
      received: '192.0.2.1',
    });
    expect(formatVia(via)).toBe('SIP/2.0/UDP host.example.com:5060;branch=z9hG4bK1;rport;received=192.0.2.1');
    expect(value(parseVia(formatVia(via)))).toEqual(via);
  });

  it('MUST accept received with or without IPv6 brackets (RFC 5118 §4.5)', () => {
    expect(value(parseVia('SIP/2.0/UDP [2001:db8::9:1];received=[2001:db8::9:255]')).received).toBe(
      '2001:db8::9:255',
    );
    expect(value(parseVia('SIP/2.0/UDP [2001:db8::9:1];rport=5061')).rport).toBe(5061);
  });

  it('MUST reject empty parameters and list elements (RFC 4475 §3.1.2.1)', () => {
    expect(parseViaList('SIP/2.0/UDP 192.0.2.15;;,;,,').ok).toBe(false);
    expect(parseVia('SIP/2.0/UDP').ok).toBe(false);
  });
});

describe('From / To (RFC 3261 §20.20, §20.39)', () => {
  it('MUST parse quoted and token display names and the tag', () => {
    expect(value(parseFromTo('"J \\"R\\"" <sip:j@x>;tag=1'))).toMatchObject({
      displayName: 'J "R"',
      tag: '1',
    });
    expect(value(parseFromTo('Bob  Smith <sip:b@x>'))).toMatchObject({ displayName: 'Bob Smith', tag: null });
    expect(value(parseFromTo('caller<sip:caller@example.com>;tag=323')).displayName).toBe('caller');
  });

  it('MUST give addr-spec parameters to the header, not the URI (RFC 3261 §20.10)', () => {
    const to = value(parseFromTo('sip:a@x;tag=9'));
    expect(to).toMatchObject({ tag: '9', uri: { params: [] } });
    expect(formatFromTo(to)).toBe('<sip:a@x>;tag=9');
  });

  it('MUST reject an unterminated quote and unquoted non-token display names (RFC 4475 §3.1.2.6, §3.1.2.15)', () => {
    expect(parseFromTo('"Mr. J. User <sip:j@x>').ok).toBe(false);
    expect(parseFromTo('Watson, Thomas <sip:t@x>').ok).toBe(false);
  });

  it('MUST round-trip with exact wire text', () => {
    const from = value(parseFromTo('"A \\\\ B" <sip:a@x;lr>;tag=1;x="y z"'));
    expect(formatFromTo(from)).toBe('"A \\\\ B" <sip:a@x;lr>;tag=1;x="y z"');
    expect(value(parseFromTo(formatFromTo(from)))).toEqual(from);
  });
});

describe('CSeq, Max-Forwards, Expires, Content-Length', () => {
  it('MUST accept leading zeros and a 32-bit sequence number (RFC 3261 §8.1.1.5)', () => {
    expect(value(parseCSeq('0009  INVITE'))).toEqual({ seq: 9, method: 'INVITE' });
    expect(formatCSeq({ seq: 4294967295, method: 'BYE' })).toBe('4294967295 BYE');
    expect(parseCSeq('4294967296 INVITE').ok).toBe(false);
  });

  it('MUST keep Max-Forwards within 0-255 (RFC 3261 §20.22)', () => {
    expect(value(parseMaxForwards('0068'))).toBe(68);
    expect(parseMaxForwards('256').ok).toBe(false);
  });

  it('MUST keep delta-seconds within 2**32-1 (RFC 3261 §20.19)', () => {
    expect(value(parseExpires('3600'))).toBe(3600);
    expect(parseExpires('1'.padEnd(101, '0')).ok).toBe(false);
  });

  it('MUST reject negative and non-numeric Content-Length (RFC 4475 §3.1.2.5)', () => {
    expect(value(parseContentLength('0150'))).toBe(150);
    expect(parseContentLength('-999').ok).toBe(false);
    expect(parseContentLength('five').ok).toBe(false);
  });
});

describe('Contact (RFC 3261 §20.10, RFC 5626)', () => {
  it('MUST parse expires, q, +sip.instance and reg-id and round-trip', () => {
    const list = value(
      parseContactList([
        '<sip:a@192.0.2.1;transport=tcp>;expires=60;q=0.5;+sip.instance="<urn:uuid:1>";reg-id=1',
        'sip:b@x',
      ]),
    );
    expect(list.wildcard === false && list.contacts[0]).toMatchObject({
      expires: 60,
      q: 0.5,
      instance: '<urn:uuid:1>',
      regId: 1,
    });
    const wire = formatContactList(list);
    expect(wire).toBe(
      '<sip:a@192.0.2.1;transport=tcp>;expires=60;q=0.5;+sip.instance="<urn:uuid:1>";reg-id=1, <sip:b@x>',
    );
    expect(value(parseContactList(splitList(wire)))).toEqual(list);
  });

  it('MUST accept "*" only on its own (RFC 3261 §10.2.2)', () => {
    expect(value(parseContactList(['*']))).toEqual({ wildcard: true });
    expect(parseContactList(['*', '<sip:a@x>']).ok).toBe(false);
    expect(parseContactList(['<sip:a@x>;q=2']).ok).toBe(false);
  });

  it('MUST require <> around a URI with "?" (RFC 3261 §20.10, RFC 4475 §3.1.2.12)', () => {
    expect(parseContactList(['sip:user@example.com?Route=%3Csip:sip.example.com%3E']).ok).toBe(false);
  });
});

describe('Route / Record-Route / Path', () => {
  it('MUST parse name-addr lists and round-trip', () => {
    const route = value(parseRoute('<sip:p1.example.com;lr>, "P2" <sip:p2.example.com;lr>'));
    expect(route).toHaveLength(2);
    expect(formatRoute(route)).toBe('<sip:p1.example.com;lr>, "P2" <sip:p2.example.com;lr>');
    expect(value(parseRoute(formatRoute(route)))).toEqual(route);
    expect(parseRoute('sip:p1.example.com;lr').ok).toBe(false);
  });
});

describe('Authorization / WWW-Authenticate / Authentication-Info (RFC 3261 §22, RFC 7616)', () => {
  it('MUST parse Digest credentials and write token params unquoted', () => {
    const wire =
      'Digest username="bob", realm="biloxi.com", nonce="dcd98b", uri="sip:bob@biloxi.com", response="6629fae4", algorithm=MD5, cnonce="0a4f113b", opaque="5ccc", qop=auth, nc=00000001, userhash=true';
    const credentials = value(parseCredentials(wire));
    expect(credentials.digest).toEqual({
      username: 'bob',
      realm: 'biloxi.com',
      nonce: 'dcd98b',
      uri: 'sip:bob@biloxi.com',
      response: '6629fae4',
      algorithm: 'MD5',
      cnonce: '0a4f113b',
      opaque: '5ccc',
      qop: 'auth',
      nc: '00000001',
      userhash: true,
    });
    expect(formatCredentials(credentials)).toBe(wire);
    expect(value(parseCredentials(formatCredentials(credentials)))).toEqual(credentials);
  });

  it('MUST reject Digest credentials missing a required parameter', () => {
    expect(parseCredentials('Digest username="bob", realm="r"').ok).toBe(false);
  });

  it('MUST keep unknown schemes without failing (RFC 4475 §3.3.12)', () => {
    expect(value(parseCredentials('NoOneKnowsThisScheme opaque-data=here'))).toMatchObject({ digest: null });
  });

  it('MUST parse challenges with stale, algorithm and a qop list', () => {
    const wire =
      'Digest realm="atlanta.com", nonce="84a4cc", opaque="x", stale=TRUE, algorithm=MD5, qop="auth,auth-int"';
    const challenge = value(parseChallenge(wire));
    expect(challenge.digest).toMatchObject({
      realm: 'atlanta.com',
      stale: true,
      algorithm: 'MD5',
      qop: ['auth', 'auth-int'],
    });
    expect(formatChallenge(challenge)).toBe(wire);
    expect(value(parseChallenge(formatChallenge(challenge)))).toEqual(challenge);
  });

  it('MUST parse Authentication-Info', () => {
    const info = value(
      parseAuthenticationInfo(
        'nextnonce="47364c23432d2e131a5fb210812c", qop=auth, rspauth="abc", cnonce="x", nc=00000001',
      ),
    );
    expect(info).toMatchObject({ nextnonce: '47364c23432d2e131a5fb210812c', qop: 'auth', nc: '00000001' });
    expect(formatAuthenticationInfo(info)).toBe(
      'nextnonce="47364c23432d2e131a5fb210812c", qop=auth, rspauth="abc", cnonce="x", nc=00000001',
    );
  });
});

describe('option tags, Content-Type, Reason', () => {
  it('MUST parse option-tag lists (RFC 3261 §20.32, §20.37)', () => {
    expect(value(parseOptionTags('100rel, timer ,path'))).toEqual(['100rel', 'timer', 'path']);
    expect(formatOptionTags(['100rel', 'timer'])).toBe('100rel, timer');
    expect(value(parseOptionTags(''))).toEqual([]);
    expect(parseOptionTags('a b').ok).toBe(false);
  });

  it('MUST compare media types case-insensitively (RFC 3261 §20.15)', () => {
    const type = value(parseContentType('Application/SDP ; charset=utf-8'));
    expect(type).toEqual({ type: 'application', subtype: 'sdp', params: [['charset', 'utf-8']] });
    expect(formatContentType(type)).toBe('application/sdp;charset=utf-8');
    expect(value(parseContentType(formatContentType(type)))).toEqual(type);
  });

  it('MUST parse protocol, cause and text (RFC 3326 §2)', () => {
    const reason = value(parseReason('SIP ;cause=200 ;text="Call completed elsewhere"'));
    expect(reason).toMatchObject({ protocol: 'SIP', cause: 200, text: 'Call completed elsewhere' });
    expect(formatReason(reason)).toBe('SIP;cause=200;text="Call completed elsewhere"');
    expect(value(parseReason(formatReason(makeReason('Q.850', 16, 'Normal'))))).toEqual(
      makeReason('Q.850', 16, 'Normal'),
    );
  });
});
