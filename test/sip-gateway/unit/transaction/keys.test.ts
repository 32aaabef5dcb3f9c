import { describe, expect, it } from 'vitest';
import { createResponse } from '#sip/message/create-response.js';
import {
  ackLookupKeys,
  ackMatchesResponse,
  clientKey,
  clientKeyOfResponse,
  hasMagicCookie,
  serverKey,
} from '#sip/transaction/keys.js';
import { buildRequest, buildResponse } from '#test/support/message-builders.js';

describe('client transaction matching (RFC 3261 §17.1.3)', () => {
  it('MUST match a response by the top Via branch and the CSeq method', () => {
    const invite = buildRequest({ method: 'INVITE', branch: 'z9hG4bK-a' });
    expect(clientKeyOfResponse(buildResponse(invite, 180))).toBe(clientKey(invite));
  });

  it('MUST keep CANCEL a different transaction although it shares the branch', () => {
    const invite = buildRequest({ method: 'INVITE', branch: 'z9hG4bK-a' });
    const cancel = buildRequest({ method: 'CANCEL', branch: 'z9hG4bK-a' });
    expect(clientKey(cancel)).not.toBe(clientKey(invite));
    expect(clientKeyOfResponse(buildResponse(cancel, 200))).toBe(clientKey(cancel));
  });

  it('MUST NOT match a response whose top Via has no branch', () => {
    expect(clientKeyOfResponse(buildResponse(buildRequest({ branch: null }), 200))).toBeNull();
  });
});

describe('server transaction matching (RFC 3261 §17.2.3)', () => {
  it('MUST recognise the magic cookie z9hG4bK at the start of the branch', () => {
    expect(hasMagicCookie('z9hG4bK776')).toBe(true);
    expect(hasMagicCookie('776z9hG4bK')).toBe(false);
    expect(hasMagicCookie(null)).toBe(false);
  });

  it('MUST match a retransmission by branch, sent-by and method', () => {
    expect(serverKey(buildRequest({ branch: 'z9hG4bK-a' }))).toBe(
      serverKey(buildRequest({ branch: 'z9hG4bK-a' })),
    );
  });

  it('MUST keep requests with the same branch but a different sent-by apart (branch collision)', () => {
    const a = buildRequest({ branch: 'z9hG4bK-a', viaHost: '192.0.2.10' });
    const b = buildRequest({ branch: 'z9hG4bK-a', viaHost: '192.0.2.11' });
    const c = buildRequest({ branch: 'z9hG4bK-a', viaHost: '192.0.2.10', viaPort: 5070 });
    const d = buildRequest({ branch: 'z9hG4bK-a', viaHost: '192.0.2.10', viaPort: null });
    expect(new Set([a, b, c, d].map((r) => serverKey(r))).size).toBe(4);
  });

  it('MUST give a CANCEL its own transaction, findable against the INVITE with method INVITE (§9.2)', () => {
    const invite = buildRequest({ method: 'INVITE', branch: 'z9hG4bK-a' });
    const cancel = buildRequest({ method: 'CANCEL', branch: 'z9hG4bK-a' });
    expect(serverKey(cancel)).not.toBe(serverKey(invite));
    expect(serverKey(cancel, 'INVITE')).toBe(serverKey(invite));
  });

  it('MUST match the ACK for a non-2xx to the INVITE transaction by the shared branch', () => {
    const invite = buildRequest({ method: 'INVITE', branch: 'z9hG4bK-a' });
    const ack = buildRequest({ method: 'ACK', branch: 'z9hG4bK-a', toTag: 'to-1' });
    expect(ackLookupKeys(ack)).toEqual([serverKey(invite)]);
    expect(ackMatchesResponse(ack, null)).toBe(true);
  });

  it('MUST NOT match the ACK for a 2xx (new branch) to the INVITE transaction', () => {
    const invite = buildRequest({ method: 'INVITE', branch: 'z9hG4bK-a' });
    const ack = buildRequest({ method: 'ACK', branch: 'z9hG4bK-b', toTag: 'to-1' });
    expect(ackLookupKeys(ack)).not.toContain(serverKey(invite));
  });
});

describe('RFC 2543 fallback matching (RFC 3261 §17.2.3)', () => {
  const invite = buildRequest({ method: 'INVITE', branch: '2543-branch' });

  it('MUST match a retransmission on Request-URI, To tag, From tag, Call-ID, CSeq and top Via', () => {
    expect(serverKey(buildRequest({ method: 'INVITE', branch: '2543-branch' }))).toBe(serverKey(invite));
    expect(serverKey(buildRequest({ method: 'INVITE', branch: null }))).not.toBe(serverKey(invite));
  });

  it.each([
    ['Request-URI', { uriUser: 'carol' }],
    ['To tag', { toTag: 'x' }],
    ['From tag', { fromTag: 'x' }],
    ['Call-ID', { callId: 'other' }],
    ['CSeq', { cseq: 2 }],
    ['top Via', { viaPort: 5070 }],
  ])('MUST NOT match when the %s differs', (_field, change) => {
    expect(serverKey(buildRequest({ method: 'INVITE', branch: '2543-branch', ...change }))).not.toBe(
      serverKey(invite),
    );
  });

  it('MUST match the ACK to the initial INVITE when its To tag equals the tag of the response sent', () => {
    const ack = buildRequest({ method: 'ACK', branch: '2543-branch', toTag: 'to-1' });
    expect(ackLookupKeys(ack)).toContain(serverKey(invite));
    expect(ackMatchesResponse(ack, buildResponse(invite, 486, 'to-1'))).toBe(true);
    expect(ackMatchesResponse(ack, buildResponse(invite, 486, 'other'))).toBe(false);
    expect(ackMatchesResponse(ack, null)).toBe(false);
  });

  it('MUST match the ACK to a re-INVITE that already carried the To tag', () => {
    const reinvite = buildRequest({ method: 'INVITE', branch: null, toTag: 'to-1', cseq: 2 });
    const ack = buildRequest({ method: 'ACK', branch: null, toTag: 'to-1', cseq: 2 });
    expect(ackLookupKeys(ack)[0]).toBe(serverKey(reinvite));
    expect(ackMatchesResponse(ack, createResponse(reinvite, 200, 'OK'))).toBe(true);
  });

  it('MUST compare tel: and other Request-URIs as well', () => {
    const tel = { ...invite, uri: { scheme: 'tel' as const, number: '+15551234', params: [] } };
    const urn = { ...invite, uri: { scheme: 'urn', raw: 'urn:service:sos' } };
    expect(serverKey(tel)).toContain('tel:+15551234');
    expect(serverKey(urn)).toContain('urn:service:sos');
  });
});
