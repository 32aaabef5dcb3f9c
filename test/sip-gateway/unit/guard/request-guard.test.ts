import { describe, expect, it } from 'vitest';
import { GATEWAY_CONFIG_DEFAULTS } from '#sip/config/gateway-config.js';
import type { RespondResult } from '#sip/contract/handler-events.js';
import { RequestGuard } from '#sip/guard/request-guard.js';
import type { SipRequest } from '#sip/message/types.js';
import { parseMessage } from '#sip/parser/index.js';

function register(authorization?: string): SipRequest {
  const lines = [
    'REGISTER sip:acme.sip.localhost SIP/2.0',
    'Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bK-1',
    'From: <sip:alice@acme.sip.localhost>;tag=a',
    'To: <sip:alice@acme.sip.localhost>',
    'Call-ID: c1',
    'CSeq: 1 REGISTER',
    'Max-Forwards: 70',
    ...(authorization ? [`Authorization: ${authorization}`] : []),
    'Content-Length: 0',
  ];
  const parsed = parseMessage(Buffer.from(`${lines.join('\r\n')}\r\n\r\n`));
  if (!parsed.ok || parsed.message.kind !== 'request') throw new Error('bad fixture');
  return parsed.message;
}

const ok = { version: 1, action: 'respond', status: 200, reason: 'OK', headers: [] } as const;
const rejected: RespondResult = { ...ok, status: 401, auth: { outcome: 'rejected' } };
const credentials =
  'Digest username="alice", realm="sip.localhost", nonce="n1", uri="sip:acme.sip.localhost", response="00", qop=auth, nc=00000002, cnonce="c"';

describe('RequestGuard', () => {
  it('RFC 7616 §3.4: passes the highest accepted nonce-count of the nonce to the handler', () => {
    const guard = new RequestGuard(GATEWAY_CONFIG_DEFAULTS);
    expect(guard.admit(register(credentials), '192.0.2.10', 0)).toEqual({ ok: true });
    guard.learn(
      register(credentials),
      '192.0.2.10',
      { ...ok, auth: { outcome: 'accepted', nonce: 'n1', nonceCount: 2 } },
      0,
    );
    expect(guard.admit(register(credentials), '192.0.2.10', 1000)).toEqual({
      ok: true,
      acceptedNonceCount: 2,
    });
  });

  it('Twilio 32008: refuses the 6th REGISTER for an AOR within a second', () => {
    const guard = new RequestGuard(GATEWAY_CONFIG_DEFAULTS);
    for (let i = 0; i < 5; i++) expect(guard.admit(register(), '192.0.2.10', 0).ok).toBe(true);
    expect(guard.admit(register(), '192.0.2.10', 0)).toEqual({
      ok: false,
      refusal: 'registrationRateExceeded',
      retryAfterSec: 1,
    });
  });

  it('blocks a source after the handler reported too many rejected credentials', () => {
    const guard = new RequestGuard({ ...GATEWAY_CONFIG_DEFAULTS, maxAuthFailuresPerSource: 3 });
    for (let i = 0; i < 3; i++) {
      guard.learn(register(credentials), '203.0.113.9', rejected, i * 1000);
    }
    expect(guard.admit(register(), '203.0.113.9', 5000)).toEqual({
      ok: false,
      refusal: 'authenticationBlocked',
    });
  });
});
