import { err, ok, type Result } from './result.js';
import { trimLws } from './syntax.js';

/**
 * Splits a header field value at the commas that separate list elements (RFC 3261 §7.3.1),
 * ignoring commas inside quoted-strings and `<…>`. Elements are trimmed; empty ones are kept so
 * that callers can reject them where the grammar does not allow them.
 */
export function splitList(value: string): string[] {
  if (!value.includes(',')) return [trimLws(value)];
  const parts: string[] = [];
  let start = 0;
  let inQuotes = false;
  let inAngle = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (inQuotes) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inQuotes = false;
    } else if (c === 0x22) inQuotes = true;
    else if (c === 0x3c) inAngle = true;
    else if (c === 0x3e) inAngle = false;
    else if (c === 0x2c && !inAngle) {
      parts.push(trimLws(value.slice(start, i)));
      start = i + 1;
    }
  }
  parts.push(trimLws(value.slice(start)));
  return parts;
}

/** Parses every element of a comma-separated list with `parseOne`; the first failure wins. */
export function parseList<T>(
  value: string,
  what: string,
  parseOne: (element: string) => Result<T>,
): Result<T[]> {
  const values: T[] = [];
  for (const element of splitList(value)) {
    if (element.length === 0) return err(`empty ${what} in list`);
    const parsed = parseOne(element);
    if (!parsed.ok) return parsed;
    values.push(parsed.value);
  }
  return ok(values);
}
