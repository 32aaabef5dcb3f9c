import { describe, expect, it } from 'vitest';
import { formatUri, getHeaderValues } from '#sip/message/index.js';
import type { SipUri, Uri } from '#sip/message/types.js';
import { preprocessRoute } from '#sip/proxy/preprocess-route.js';
import { request } from './support.js';

const isOwnUri = (uri: Uri): uri is SipUri => 'host' in uri && uri.host === '10.0.0.1' && uri.port === 5060;

const bye = (uri: string, ...routes: string[]) =>
  request(
    `BYE ${uri} SIP/2.0`,
    'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKb1',
    ...routes.map((r) => `Route: ${r}`),
    'From: <sip:a@example.org>;tag=a',
    'To: <sip:b@example.org>;tag=b',
    'Call-ID: c',
    'CSeq: 2 BYE',
  );

function run(uri: string, ...routes: string[]) {
  const result = preprocessRoute(bye(uri, ...routes), isOwnUri);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe('preprocessRoute (RFC 3261 §16.4)', () => {
  it('MUST remove the first Route value when it indicates this proxy', () => {
    const out = run('sip:b@192.0.2.9', '<sip:tok@10.0.0.1:5060;lr>', '<sip:p2.example.org;lr>');
    expect(out.popped.map((u) => u.user)).toEqual(['tok']);
    expect(out.remaining).toEqual(['<sip:p2.example.org;lr>']);
    expect(getHeaderValues(out.request, 'route')).toEqual(['<sip:p2.example.org;lr>']);
  });

  it('removes both values of a double Record-Route (RFC 5658 §4)', () => {
    const out = run('sip:b@192.0.2.9', '<sip:t1@10.0.0.1:5060;transport=tcp;lr>, <sip:t2@10.0.0.1:5060;lr>');
    expect(out.popped.map((u) => u.user)).toEqual(['t1', 't2']);
    expect(getHeaderValues(out.request, 'route')).toEqual([]);
  });

  it('MUST replace a Request-URI it record-routed (strict router before it) with the last Route value', () => {
    const out = run('sip:tok@10.0.0.1:5060;lr', '<sip:p2.example.org;lr>', '<sip:b@192.0.2.9>');
    expect(formatUri(out.request.uri)).toBe('sip:b@192.0.2.9');
    expect(out.popped.map((u) => u.user)).toEqual(['tok']);
    expect(out.remaining).toEqual(['<sip:p2.example.org;lr>']);
  });

  it('leaves a request whose top Route is not this proxy unchanged', () => {
    const original = bye('sip:b@192.0.2.9', '<sip:other.example.org;lr>');
    const result = preprocessRoute(original, isOwnUri);
    expect(result.ok && result.value.request).toBe(original);
    expect(result.ok && result.value.popped).toEqual([]);
  });

  it('refuses a malformed Route', () => {
    expect(preprocessRoute(bye('sip:b@192.0.2.9', 'sip:bare@10.0.0.1'), isOwnUri).ok).toBe(false);
  });
});
