import { describe, expect, it } from 'vitest';
import type { SipRequest } from '#sip/message/types.js';
import { parseMessage } from '#sip/parser/index.js';
import { deriveBranch } from '#sip/proxy/derive-branch.js';
import type { RequestTarget } from '#sip/proxy/request-target.js';
import { validateRequest } from '#sip/proxy/validate-request.js';

function request(lines: readonly string[]): SipRequest {
  const parsed = parseMessage(Buffer.from(`${lines.join('\r\n')}\r\nContent-Length: 0\r\n\r\n`));
  if (!parsed.ok || parsed.message.kind !== 'request') throw new Error('bad fixture');
  return parsed.message;
}

const BASE = [
  'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKa1',
  'From: <sip:a@example.org>;tag=f1',
  'To: <sip:b@acme.sip.localhost>',
  'Call-ID: c1',
];
const domain: RequestTarget = { kind: 'domain', domainName: 'acme.sip.localhost', edge: null };
const context = (target: RequestTarget = domain) => ({
  target,
  isOwnVia: (via: { host: string; port: number | null }) => via.host === '198.51.100.1' && via.port === 5060,
  supportedOptionTags: new Set(['path']),
});

describe('validateRequest (RFC 3261 §16.3)', () => {
  it('MUST answer 505 to a version other than SIP/2.0 (§8.2.2, RFC 4475 §3.1.2.14)', () => {
    const req = request(['INVITE sip:b@acme.sip.localhost SIP/7.0', ...BASE, 'CSeq: 1 INVITE']);
    expect(validateRequest(req, context())).toEqual({ code: 'versionNotSupported' });
  });

  it('MUST decrement-check Max-Forwards: 0 means 483 for a request to forward (§16.3 step 3)', () => {
    const req = request([
      'INVITE sip:b@acme.sip.localhost SIP/2.0',
      ...BASE,
      'CSeq: 1 INVITE',
      'Max-Forwards: 0',
    ]);
    expect(validateRequest(req, context())).toEqual({ code: 'tooManyHops' });
  });

  it('passes a request whose Max-Forwards is 1', () => {
    const req = request([
      'INVITE sip:b@acme.sip.localhost SIP/2.0',
      ...BASE,
      'CSeq: 1 INVITE',
      'Max-Forwards: 1',
    ]);
    expect(validateRequest(req, context())).toBeNull();
  });

  it('MUST detect a loop: its own Via with the branch this request would get (§16.3 step 4)', () => {
    const first = request(['INVITE sip:b@acme.sip.localhost SIP/2.0', ...BASE, 'CSeq: 1 INVITE']);
    const branch = deriveBranch(first, 3);
    const looped = request([
      'INVITE sip:b@acme.sip.localhost SIP/2.0',
      'Via: SIP/2.0/UDP 192.0.2.99;branch=z9hG4bKother',
      `Via: SIP/2.0/UDP 198.51.100.1:5060;branch=${branch}`,
      ...BASE,
      'CSeq: 1 INVITE',
    ]);
    expect(validateRequest(looped, context())).toEqual({ code: 'loopDetected' });
  });

  it('MUST NOT treat a spiral (changed Request-URI) as a loop (§16.3 step 4)', () => {
    const first = request(['INVITE sip:b@acme.sip.localhost SIP/2.0', ...BASE, 'CSeq: 1 INVITE']);
    const spiral = request([
      'INVITE sip:b@198.51.100.7 SIP/2.0',
      'Via: SIP/2.0/UDP 192.0.2.99;branch=z9hG4bKother',
      `Via: SIP/2.0/UDP 198.51.100.1:5060;branch=${deriveBranch(first, 0)}`,
      ...BASE,
      'CSeq: 1 INVITE',
    ]);
    expect(validateRequest(spiral, context())).toBeNull();
  });

  it('MUST answer 420 listing every unsupported Proxy-Require tag (§16.3 step 5)', () => {
    const req = request([
      'INVITE sip:b@acme.sip.localhost SIP/2.0',
      ...BASE,
      'CSeq: 1 INVITE',
      'Proxy-Require: path, foo',
    ]);
    expect(validateRequest(req, context())).toEqual({
      code: 'badExtension',
      headers: [{ name: 'Unsupported', value: 'foo' }],
    });
  });

  it('MUST NOT check Require on a request it forwards (§16.3: only the UAS checks Require)', () => {
    const req = request([
      'INVITE sip:b@acme.sip.localhost SIP/2.0',
      ...BASE,
      'CSeq: 1 INVITE',
      'Require: 100rel',
    ]);
    expect(validateRequest(req, context())).toBeNull();
  });

  it('MUST check Require on a request it answers itself (§8.2.2.3)', () => {
    const req = request([
      'REGISTER sip:acme.sip.localhost SIP/2.0',
      ...BASE,
      'CSeq: 1 REGISTER',
      'Require: gruu',
    ]);
    expect(validateRequest(req, context())?.code).toBe('badExtension');
  });
});
