import { err, ok, type Result } from '../shared/result.js';
import type { BindingContact } from '../shared/store/binding-store.js';

/**
 * RFC 3261 §10.3 steps 6-7: a binding written with the request's Call-ID changes only when the
 * request's CSeq is higher than the stored one; otherwise the whole request fails.
 */
export function checkCseqOrder(
  binding: BindingContact,
  callId: string,
  cseq: number,
): Result<void, 'invalidCseq'> {
  return binding.callId === callId && cseq <= binding.cseq ? err('invalidCseq') : ok(undefined);
}
