import { headerKey } from './header-names.js';
import { parseCSeq } from './headers/cseq.js';
import { parseMaxForwards } from './headers/max-forwards.js';
import { parseFromTo } from './headers/name-addr.js';
import { parseViaList } from './headers/via.js';
import { err, ok, type Result } from './result.js';
import type { BaseHeaders, RawHeader, Via } from './types.js';

/**
 * Extracts and validates the mandatory headers (RFC 3261 §8.1.1, §8.2.2): at least one Via, exactly
 * one From, To, Call-ID and CSeq, at most one Max-Forwards, and for requests a CSeq method equal to the
 * Request-Line method (RFC 4475 §3.1.2.10). `keys` may pass precomputed `headerKey` values (or "" for
 * headers other than Via, From, To, Call-ID, CSeq and Max-Forwards).
 * Errors read like "Missing Call-ID header" or "Bad Via header: …".
 */
export function extractBaseHeaders(
  headers: readonly RawHeader[],
  requestMethod: string | null,
  keys: readonly string[] = headers.map((h) => headerKey(h.name)),
): Result<BaseHeaders> {
  const vias: Via[] = [];
  let fromText: string | null = null;
  let toText: string | null = null;
  let callIdText: string | null = null;
  let cseqText: string | null = null;
  let maxForwardsText: string | null = null;
  for (let k = 0; k < headers.length; k++) {
    const key = keys[k];
    const value = (headers[k] as RawHeader).value;
    if (key === 'via') {
      const parsed = parseViaList(value);
      if (!parsed.ok) return err(`Bad Via header: ${parsed.error}`);
      for (let v = 0; v < parsed.value.length; v++) vias.push(parsed.value[v] as Via);
    } else if (key === 'from') {
      if (fromText !== null) return err('Duplicate From header');
      fromText = value;
    } else if (key === 'to') {
      if (toText !== null) return err('Duplicate To header');
      toText = value;
    } else if (key === 'call-id') {
      if (callIdText !== null) return err('Duplicate Call-ID header');
      callIdText = value;
    } else if (key === 'cseq') {
      if (cseqText !== null) return err('Duplicate CSeq header');
      cseqText = value;
    } else if (key === 'max-forwards') {
      if (maxForwardsText !== null) return err('Duplicate Max-Forwards header');
      maxForwardsText = value;
    }
  }
  if (!isNonEmpty(vias)) return err('Missing Via header');
  if (fromText === null) return err('Missing From header');
  if (toText === null) return err('Missing To header');
  if (callIdText === null) return err('Missing Call-ID header');
  if (cseqText === null) return err('Missing CSeq header');
  const from = parseFromTo(fromText);
  if (!from.ok) return err(`Bad From header: ${from.error}`);
  const to = parseFromTo(toText);
  if (!to.ok) return err(`Bad To header: ${to.error}`);
  const callId = callIdText;
  // callid = word [ "@" word ] (§25.1): non-empty, no whitespace.
  if (callId.length === 0 || /\s/.test(callId)) return err(`Bad Call-ID header: "${callId.slice(0, 40)}"`);
  const cseq = parseCSeq(cseqText);
  if (!cseq.ok) return err(`Bad CSeq header: ${cseq.error}`);
  if (requestMethod !== null && cseq.value.method !== requestMethod) {
    return err(`CSeq method ${cseq.value.method} does not match request method ${requestMethod}`);
  }
  let maxForwards: number | null = null;
  if (maxForwardsText !== null) {
    const parsed = parseMaxForwards(maxForwardsText);
    if (!parsed.ok) return err(`Bad Max-Forwards header: ${parsed.error}`);
    maxForwards = parsed.value;
  }
  return ok({
    via: vias,
    from: from.value,
    to: to.value,
    callId,
    cseq: cseq.value,
    maxForwards,
  });
}

function isNonEmpty<T>(values: T[]): values is [T, ...T[]] {
  return values.length > 0;
}
