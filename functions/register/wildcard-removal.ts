import { err, ok, type Result } from '../shared/result.js';

/**
 * RFC 3261 §10.3 step 6: `Contact: *` removes every binding, and is valid only alone (the Contact
 * parser enforces that) and with `Expires: 0`; otherwise 400. It removes this edge's bindings only:
 * each edge writes its own item, so other edges' bindings expire or are removed by their own edge.
 */
export function checkWildcard(headerExpires: number | null): Result<void, 'invalidWildcard'> {
  return headerExpires === 0 ? ok(undefined) : err('invalidWildcard');
}
