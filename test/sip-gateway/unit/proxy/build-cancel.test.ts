import { describe, expect, it } from 'vitest';
import { formatUri, getHeaderValues } from '#sip/message/index.js';
import { buildCancel, COMPLETED_ELSEWHERE } from '#sip/proxy/build-cancel.js';
import { invite } from './support.js';

describe('buildCancel (RFC 3261 §9.1)', () => {
  const original = invite(
    'Route: <sip:next.example.org;lr>',
    'Via: SIP/2.0/UDP 192.0.2.200;branch=z9hG4bKlower',
  );
  const cancel = buildCancel(original, COMPLETED_ELSEWHERE);

  it('MUST copy Request-URI, Call-ID, To, From and the CSeq number, with method CANCEL', () => {
    expect(formatUri(cancel.uri)).toBe(formatUri(original.uri));
    expect(cancel.base.callId).toBe(original.base.callId);
    expect(cancel.base.from).toEqual(original.base.from);
    expect(cancel.base.to).toEqual(original.base.to);
    expect(cancel.base.cseq).toEqual({ seq: original.base.cseq.seq, method: 'CANCEL' });
  });

  it('MUST have only a single Via equal to the top Via of the INVITE, and its Route', () => {
    expect(cancel.base.via).toEqual([original.base.via[0]]);
    expect(getHeaderValues(cancel, 'via')).toHaveLength(1);
    expect(getHeaderValues(cancel, 'route')).toEqual(['<sip:next.example.org;lr>']);
  });

  it('carries the RFC 3326 Reason when given', () => {
    expect(getHeaderValues(cancel, 'reason')).toEqual(['SIP;cause=200;text="Call completed elsewhere"']);
    expect(getHeaderValues(buildCancel(original, null), 'reason')).toEqual([]);
  });
});
