import { describe, expect, it } from 'vitest';
import { parseUri } from '#sip/message/index.js';
import { classifyRequestTarget } from '#sip/proxy/request-target.js';

const identity = { zone: 'voice.example.com', gatewayHosts: new Set(['203.0.113.10']) };
const classify = (text: string) => {
  const uri = parseUri(text);
  if (!uri.ok) throw new Error(uri.error);
  return classifyRequestTarget(uri.value, identity);
};

describe('classifyRequestTarget', () => {
  it('recognises a global domain name acme.sip.<zone>', () => {
    expect(classify('sip:alice@acme.sip.voice.example.com')).toEqual({
      kind: 'domain',
      domainName: 'acme.sip.voice.example.com',
      edge: null,
    });
  });

  it('recognises a localized name acme.sip.<edge>.<zone> for a known edge', () => {
    expect(classify('sips:acme.sip.sydney.voice.example.com:5061')).toEqual({
      kind: 'domain',
      domainName: 'acme.sip.voice.example.com',
      edge: 'sydney',
    });
  });

  it('treats an unknown edge, a deeper name or another zone as foreign', () => {
    for (const uri of [
      'sip:acme.sip.mars.voice.example.com',
      'sip:a.b.sip.voice.example.com',
      'sip:acme.sip.example.org',
      'sip:voice.example.com',
      'sip:sip.voice.example.com',
    ]) {
      expect(classify(uri).kind, uri).toBe('foreign');
    }
  });

  it('recognises the gateway’s own address', () => {
    expect(classify('sip:203.0.113.10:5060')).toEqual({ kind: 'gateway' });
  });

  it('MUST compare host names case-insensitively (RFC 3261 §19.1.4)', () => {
    expect(classify('sip:ACME.SIP.Voice.Example.COM').kind).toBe('domain');
  });
});
