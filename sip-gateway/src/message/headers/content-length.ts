import { err, ok, type Result } from '../result.js';
import { parseBoundedInt } from '../syntax.js';

/**
 * Content-Length = 1*DIGIT (RFC 3261 §20.14). Negative or non-numeric values are errors and are never
 * used as a count (RFC 4475 §3.1.2.5). Values above 2**31-1 cannot frame any SIP message.
 */
export function parseContentLength(value: string): Result<number> {
  const text = value.trim();
  const length = parseBoundedInt(text, 0x7fff_ffff);
  if (length === null) return err(`invalid Content-Length "${text.slice(0, 24)}"`);
  return ok(length);
}

export function formatContentLength(length: number): string {
  return String(length);
}
