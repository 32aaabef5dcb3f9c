import { err, ok, type Result } from '../result.js';
import { parseList } from '../split-list.js';
import type { NameAddr } from '../types.js';
import { formatNameAddr, parseNameAddr } from './name-addr.js';

/**
 * Route / Record-Route / Path / Service-Route values: lists of name-addr, always in `<…>` form
 * (RFC 3261 §20.30, §20.34; RFC 3327 §4). A bare addr-spec is rejected because its parameters
 * would be ambiguous.
 */
export function parseRouteEntry(value: string): Result<NameAddr> {
  const parsed = parseNameAddr(value);
  if (!parsed.ok) return parsed;
  if (!value.includes('<')) return err(`route entry "${value.slice(0, 40)}" is not in <> form`);
  return ok(parsed.value);
}

/** Parses a whole Route-style header field value. */
export function parseRoute(value: string): Result<NameAddr[]> {
  return parseList(value, 'route entry', parseRouteEntry);
}

export function formatRoute(entries: readonly NameAddr[]): string {
  return entries.map(formatNameAddr).join(', ');
}
