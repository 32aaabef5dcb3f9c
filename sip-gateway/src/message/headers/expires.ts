import { err, ok, type Result } from '../result.js';
import { MAX_UINT32, parseBoundedInt } from '../syntax.js';

/**
 * Expires / Min-Expires = delta-seconds, "an integral number of seconds (in decimal) between 0 and
 * (2**32)-1" (RFC 3261 §20.19, §20.23). Out-of-range values are an error; the caller decides whether
 * to treat them as the default (RFC 4475 §3.1.2.3 allows 3600) or reject.
 */
export function parseExpires(value: string): Result<number> {
  const text = value.trim();
  const seconds = parseBoundedInt(text, MAX_UINT32);
  if (seconds === null) return err(`delta-seconds "${text.slice(0, 24)}" is not an integer in 0-(2**32)-1`);
  return ok(seconds);
}

export function formatExpires(seconds: number): string {
  return String(seconds);
}
