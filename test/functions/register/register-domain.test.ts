import { describe, expect, it } from 'vitest';
import { registerDomain } from '#functions/register/register-domain.js';
import { parseUri } from '#sip/message/uri/parse-uri.js';

const domainOf = (uri: string) => {
  const parsed = parseUri(uri);
  if (!parsed.ok) throw new Error(parsed.error);
  return registerDomain(parsed.value, 'example.net');
};

describe('registerDomain (RFC 3261 §10.3 step 1, Twilio domain hostnames)', () => {
  it('names the domain of acme.sip.<zone> and of acme.sip.<edge>.<zone> for a known edge', () => {
    expect(domainOf('sip:acme.sip.example.net')).toEqual({ ok: true, value: 'acme.sip.example.net' });
    expect(domainOf('sips:acme.sip.dublin.example.net:5061')).toEqual({
      ok: true,
      value: 'acme.sip.example.net',
    });
  });
  it('MUST refuse an IP address host (403): it names no domain', () => {
    for (const uri of ['sip:192.0.2.1', 'sip:192.0.2.1:5060', 'sip:[2001:db8::1]']) {
      expect(domainOf(uri)).toEqual({ ok: false, error: 'ipAddressHost' });
    }
  });
  it('MUST refuse any other name (404): unknown edge, other zone, no subdomain, not a SIP URI', () => {
    for (const uri of [
      'sip:acme.sip.mars.example.net',
      'sip:acme.sip.example.org',
      'sip:sip.example.net',
      'tel:+15551234567',
    ]) {
      expect(domainOf(uri)).toEqual({ ok: false, error: 'unknownDomain' });
    }
  });
});
