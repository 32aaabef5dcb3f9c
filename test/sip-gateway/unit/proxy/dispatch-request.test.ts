import { describe, expect, it } from 'vitest';
import type { SipRequest } from '#sip/message/types.js';
import { parseMessage } from '#sip/parser/index.js';
import { dispatchRequest } from '#sip/proxy/dispatch-request.js';
import type { RequestTarget } from '#sip/proxy/request-target.js';

function request(method: string, toTag = ''): SipRequest {
  const text = [
    `${method} sip:b@acme.sip.localhost SIP/2.0`,
    'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKa1',
    'From: <sip:a@example.org>;tag=f1',
    `To: <sip:b@acme.sip.localhost>${toTag ? `;tag=${toTag}` : ''}`,
    'Call-ID: c1',
    `CSeq: 1 ${method}`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const parsed = parseMessage(Buffer.from(text));
  if (!parsed.ok || parsed.message.kind !== 'request') throw new Error('bad fixture');
  return parsed.message;
}
const domain: RequestTarget = { kind: 'domain', domainName: 'acme.sip.localhost', edge: null };
const code = (method: string, target: RequestTarget = domain, toTag = '') => {
  const d = dispatchRequest(request(method, toTag), target);
  return d.kind === 'reject' ? d.rejection.code : d.kind === 'invoke' ? `invoke:${d.handler}` : d.kind;
};

describe('dispatchRequest', () => {
  it('hands REGISTER to the register handler and INVITE to the route handler', () => {
    expect(code('REGISTER')).toBe('invoke:register');
    expect(code('INVITE')).toBe('invoke:route');
  });
  it('answers OPTIONS itself', () => expect(code('OPTIONS')).toBe('answerOptions'));
  it('MUST NOT answer an ACK (RFC 3261 §17.2.3)', () => expect(code('ACK')).toBe('drop'));
  it('MUST answer 501 to an unknown method (§8.2.1)', () =>
    expect(code('NEWMETHOD')).toBe('methodNotImplemented'));
  it('MUST answer 405 with Allow to a known method it does not accept (§8.2.1)', () => {
    const d = dispatchRequest(request('SUBSCRIBE'), domain);
    expect(d).toMatchObject({ kind: 'reject', rejection: { code: 'methodNotAllowed' } });
    expect(d.kind === 'reject' && d.rejection.headers?.[0]?.name).toBe('Allow');
  });
  it('MUST answer 481 to a CANCEL without its INVITE and to requests of an unknown dialog (§9.2, §12.2.2)', () => {
    expect(code('CANCEL')).toBe('transactionDoesNotExist');
    expect(code('BYE')).toBe('transactionDoesNotExist');
    expect(code('INVITE', domain, 'totag1')).toBe('transactionDoesNotExist');
  });
  it('does not relay for foreign domains', () => {
    expect(code('INVITE', { kind: 'foreign' })).toBe('notFound');
    expect(code('OPTIONS', { kind: 'foreign' })).toBe('notFound');
  });
});
