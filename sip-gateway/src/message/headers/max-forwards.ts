import { err, ok, type Result } from '../result.js';
import { parseBoundedInt } from '../syntax.js';

/** Max-Forwards = 1*DIGIT, "an integer in the range 0-255" (RFC 3261 §20.22); leading zeros allowed. */
export function parseMaxForwards(value: string): Result<number> {
  const text = value.trim();
  const hops = text.length <= 16 ? parseBoundedInt(text, 255) : null;
  if (hops === null) return err(`Max-Forwards "${text.slice(0, 24)}" is not an integer in 0-255`);
  return ok(hops);
}

export function formatMaxForwards(hops: number): string {
  return String(hops);
}
