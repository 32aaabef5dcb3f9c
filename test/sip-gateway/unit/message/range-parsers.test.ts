import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseParamsOnly } from '#sip/message/header-params.js';
import { addressIn } from '#sip/message/headers/address-in.js';
import { asciiOctets } from '#sip/message/headers/ascii-octets.js';
import { parseAuthParams } from '#sip/message/headers/auth-params.js';
import { authParamsIn } from '#sip/message/headers/auth-params-in.js';
import { parseContact } from '#sip/message/headers/contact.js';
import { headerParamsIn } from '#sip/message/headers/header-params-in.js';
import { parseAddress } from '#sip/message/headers/name-addr.js';
import { parseUri } from '#sip/message/uri/parse-uri.js';
import { sipUriIn } from '#sip/message/uri/sip-uri-in.js';

const RUNS = 500;

/** Runs a range parser over the octets of the whole of `text`, as the header parsers do. */
function onValue<T>(parse: (bytes: Uint8Array, text: string, start: number, end: number) => T, text: string) {
  const octets = asciiOctets(text);
  if (octets === null) throw new Error(`not ASCII: ${text}`);
  return parse(octets, text, 0, text.length);
}

/** The string parser's value without the `end` index it also returns, or null on failure. */
function address(text: string) {
  const parsed = parseAddress(text);
  if (!parsed.ok) return null;
  const { displayName, uri, params } = parsed.value;
  return { displayName, uri, params };
}

const lower = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,8}$/);
const token = fc.stringMatching(/^[A-Za-z0-9.!%*_+`'~-]{1,8}$/);
const noise = fc.string({ unit: fc.constantFrom(...' \t;,:<>"\\=@?%[]/.-+!~AZaz09'), maxLength: 8 });
const usually = <T>(arb: fc.Arbitrary<T>, other: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 9, arbitrary: arb }, { weight: 1, arbitrary: other });
const quoted = usually(fc.stringMatching(/^[a-zA-Z0-9 :<>@.;,=-]{0,12}$/), noise).map((s) => `"${s}"`);
const paramsOf = (value: fc.Arbitrary<string>) =>
  fc
    .array(
      fc
        .tuple(usually(lower, token), fc.option(usually(value, noise)))
        .map(([name, v]) => (v === null ? `;${name}` : `;${name}=${v}`)),
      { maxLength: 3 },
    )
    .map((list) => list.join(''));
const params = paramsOf(fc.oneof(lower, quoted));
const uri = fc
  .tuple(
    usually(fc.constantFrom('sip:', 'sips:', 'SIP:'), fc.constantFrom('tel:', 'sip', '')),
    usually(
      fc.oneof(
        fc.constant(''),
        lower.map((u) => `${u}@`),
      ),
      noise.map((u) => `${u}@`),
    ),
    usually(fc.oneof(lower, fc.constant('EXAMPLE.com')), fc.constantFrom('[2001:db8::1]', '', 'h h')),
    usually(
      fc.oneof(
        fc.constant(''),
        fc.nat(65535).map((p) => `:${p}`),
      ),
      fc.constantFrom(':', ':65536'),
    ),
    params,
    usually(fc.constant(''), fc.constantFrom('?subject=x', '%41')),
  )
  .map((parts) => parts.join(''));
const nameAddr = fc
  .tuple(
    usually(
      fc.oneof(
        fc.constant(''),
        quoted.map((q) => `${q} `),
      ),
      noise,
    ),
    uri,
    params,
    noise,
  )
  .map(([display, u, p, tail]) => `${display}<${u}>${p}${tail.length < 6 ? '' : tail}`);

describe('asciiOctets', () => {
  it('MUST give one octet per character of an ASCII value, then a NUL octet', () => {
    const octets = asciiOctets('Digest a="b"');
    expect(octets && Buffer.from(octets.subarray(0, 13)).toString('latin1')).toBe('Digest a="b"\0');
  });

  it('MUST decline values with non-ASCII characters (their octets are not their characters)', () => {
    expect(asciiOctets('"Zoë" <sip:z@h>')).toBeNull();
    expect(asciiOctets('\u0122')).toBeNull();
    expect(asciiOctets('x'.repeat(64 * 1024))).toBeNull();
  });
});

describe('range parsers of header values (fast paths of the string parsers)', () => {
  it('MUST read a name-addr exactly as parseAddress does (RFC 3261 §20.10, §25.1)', () => {
    const contact =
      '"A B" <sip:Alice@192.0.2.10:5060;transport=udp>;expires=3600;+sip.instance="<urn:uuid:1;a=b>";reg-id=1';
    expect(onValue(addressIn, contact)).toEqual(address(contact));
    expect(onValue(addressIn, '<sips:h>')).toEqual(address('<sips:h>'));
    fc.assert(
      fc.property(nameAddr, (text) => {
        const fast = onValue(addressIn, text);
        if (fast !== null) expect(fast).toEqual(address(text));
        if (address(text) === null) expect(fast).toBeNull();
      }),
      { numRuns: RUNS },
    );
  });

  it('MUST leave other name-addr shapes to parseAddress', () => {
    for (const text of [
      'Alice <sip:a@h>',
      'sip:a@h;tag=1',
      ' <sip:a@h>',
      '<sip:a@h> ;tag=1',
      '"a\\"b" <sip:a@h>',
      '<sip:a@h>;p="a\\"b"',
      '<sip:[2001:db8::1]>',
      '<tel:+15551234567>',
    ]) {
      expect(onValue(addressIn, text)).toBeNull();
    }
  });

  it('MUST read header and URI parameters exactly as the string parsers do (RFC 3261 §19.1.1, §25.1)', () => {
    fc.assert(
      fc.property(params, (text) => {
        const fast = onValue(headerParamsIn, text);
        const slow = parseParamsOnly(text, 0);
        if (fast !== null) expect(fast).toEqual(slow.ok && slow.value);
        if (!slow.ok) expect(fast).toBeNull();
      }),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(uri, (text) => {
        const fast = onValue(sipUriIn, text);
        const slow = parseUri(text);
        if (fast !== null) expect(fast).toEqual(slow.ok && slow.value);
        if (!slow.ok) expect(fast).toBeNull();
      }),
      { numRuns: RUNS },
    );
  });

  it('MUST read auth-params with LWS around "=" and ",", bare values and lower-cased names (RFC 3261 §25.1)', () => {
    const text = 'Realm = "a, b" ,nonce="n",  NC=00000001,qop=auth ';
    const expected = [
      ['realm', 'a, b'],
      ['nonce', 'n'],
      ['nc', '00000001'],
      ['qop', 'auth'],
    ];
    expect(onValue(authParamsIn, text)).toEqual(expected);
    expect(parseAuthParams(text, 0)).toEqual({ ok: true, value: expected });
    expect(onValue(authParamsIn, '')).toEqual([]);
  });

  it('MUST leave quoted-pairs and malformed auth-params to parseAuthParams', () => {
    expect(onValue(authParamsIn, 'realm="a\\"b"')).toBeNull();
    expect(parseAuthParams('realm="a\\"b"', 0)).toEqual({ ok: true, value: [['realm', 'a"b']] });
    for (const text of ['realm="a",', 'realm', 'realm="a', 'a=b c=d']) {
      expect(onValue(authParamsIn, text)).toBeNull();
      expect(parseAuthParams(text, 0).ok).toBe(false);
    }
  });

  it('MUST give the same Contact whether or not the value is ASCII (RFC 5626 §4.1 instance, §4.2 reg-id)', () => {
    const ascii = parseContact('<sip:a@h>;expires=60;+sip.instance="<urn:uuid:x>";reg-id=2;q=0.5');
    const other = parseContact('"é" <sip:a@h>;expires=60;+sip.instance="<urn:uuid:x>";reg-id=2;q=0.5');
    expect(ascii.ok && other.ok && { ...other.value, displayName: null }).toEqual(ascii.ok && ascii.value);
    expect(ascii).toMatchObject({
      ok: true,
      value: { expires: 60, instance: '<urn:uuid:x>', regId: 2, q: 0.5 },
    });
  });
});
