import { err, ok, type Result } from '../result.js';
import { isToken, MAX_UINT32, parseBoundedInt, scanRun, TOKEN } from '../syntax.js';
import type { CSeq } from '../types.js';

/**
 * CSeq = 1*DIGIT LWS Method (RFC 3261 §20.16). "The sequence number MUST be expressible as a 32-bit
 * unsigned integer" (§8.1.1.5); leading zeros are allowed.
 */
export function parseCSeq(value: string): Result<CSeq> {
  // Fast path for the usual `digits SP token` form; anything else goes through the full pattern.
  let i = 0;
  let seq = 0;
  while (i < value.length && i < 10) {
    const digit = value.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) break;
    seq = seq * 10 + digit;
    i++;
  }
  const digitsEnd = i;
  while (i < value.length && (value.charCodeAt(i) === 0x20 || value.charCodeAt(i) === 0x09)) i++;
  const fast = digitsEnd > 0 && i > digitsEnd && i < value.length && seq <= MAX_UINT32;
  if (fast && scanRun(TOKEN, value, i) === value.length) return ok({ seq, method: value.slice(i) });
  return parseCSeqPattern(value);
}

function parseCSeqPattern(value: string): Result<CSeq> {
  const match = /^\s*(\d+)[ \t]+(\S+)\s*$/.exec(value);
  if (!match) return err(`malformed CSeq "${value.slice(0, 40)}"`);
  const [, digits = '', method = ''] = match;
  const seq = parseBoundedInt(digits, MAX_UINT32);
  if (seq === null) return err(`CSeq number ${digits.slice(0, 24)} exceeds 2**32-1`);
  if (!isToken(method)) return err(`invalid CSeq method "${method.slice(0, 24)}"`);
  return ok({ seq, method });
}

export function formatCSeq(cseq: CSeq): string {
  return `${cseq.seq} ${cseq.method}`;
}
