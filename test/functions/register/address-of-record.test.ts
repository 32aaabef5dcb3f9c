import { describe, expect, it } from 'vitest';
import { addressOfRecord } from '#functions/register/address-of-record.js';
import { parseUri } from '#sip/message/uri/parse-uri.js';

const aorOf = (to: string) => {
  const parsed = parseUri(to);
  if (!parsed.ok) throw new Error(parsed.error);
  return addressOfRecord(parsed.value, 'acme.sip.example.net', 'example.net');
};

describe('addressOfRecord (RFC 3261 §10.3 step 5)', () => {
  it('is the To URI user in the global domain name, also when To names an edge', () => {
    const expected = { ok: true, value: { user: 'alice', aor: 'sip:alice@acme.sip.example.net' } };
    expect(aorOf('sip:alice@acme.sip.example.net')).toEqual(expected);
    expect(aorOf('sips:alice@acme.sip.sydney.example.net;transport=tls')).toEqual(expected);
  });
  it('keeps the user exactly (case, escaped characters) and escapes it in the AOR', () => {
    expect(aorOf('sip:Bob%20Smith@acme.sip.example.net')).toEqual({
      ok: true,
      value: { user: 'Bob Smith', aor: 'sip:Bob%20Smith@acme.sip.example.net' },
    });
  });
  it('MUST refuse (404) an AOR of another domain or without a user', () => {
    for (const to of ['sip:alice@other.sip.example.net', 'sip:acme.sip.example.net', 'tel:+15551234567']) {
      expect(aorOf(to)).toEqual({ ok: false, error: 'aorNotInDomain' });
    }
  });
});
