import { describe, expect, it } from 'vitest';
import { checkCseqOrder } from '#functions/register/cseq-order.js';
import { binding } from './binding-fixtures.js';

describe('checkCseqOrder (RFC 3261 §10.3 step 7)', () => {
  const stored = binding({ callId: 'c1', cseq: 5 });
  it('MUST fail a request with the binding’s Call-ID and a CSeq not higher than the stored one', () => {
    expect(checkCseqOrder(stored, 'c1', 5)).toEqual({ ok: false, error: 'invalidCseq' });
    expect(checkCseqOrder(stored, 'c1', 4)).toEqual({ ok: false, error: 'invalidCseq' });
  });
  it('accepts a higher CSeq, and any CSeq with another Call-ID', () => {
    expect(checkCseqOrder(stored, 'c1', 6).ok).toBe(true);
    expect(checkCseqOrder(stored, 'c2', 1).ok).toBe(true);
  });
});
