import { extractBaseHeaders } from './base-headers.js';
import { headerKey } from './header-names.js';
import type { RawHeader, SipMessage } from './types.js';

/**
 * Immutable edits of whole header fields, for proxies (RFC 3261 §16.4, §16.6): each returns a new
 * message whose `headers` and `base` agree. Values are written as given.
 */

const BASE_KEYS = new Set(['via', 'from', 'to', 'call-id', 'cseq', 'max-forwards']);

/**
 * Replaces every line of header `name` with one line holding `values` (comma-joined), at the place of
 * its first line; removes the header when `values` is empty; appends the line when the header is absent.
 */
export function withHeaderValues<M extends SipMessage>(msg: M, name: string, values: readonly string[]): M {
  const key = headerKey(name);
  const at = msg.headers.findIndex((h) => headerKey(h.name) === key);
  const kept = msg.headers.filter((h) => headerKey(h.name) !== key);
  if (values.length === 0) return rebase(msg, kept, key);
  const line = { name: at === -1 ? name : (msg.headers[at] as RawHeader).name, value: values.join(', ') };
  const position = at === -1 ? kept.length : at;
  return rebase(msg, [...kept.slice(0, position), line, ...kept.slice(position)], key);
}

/**
 * Adds `values` as the topmost values of header `name`, in a line of their own placed before its
 * first line (Record-Route §16.6 step 4, Route §16.6 step 6), or appended when the header is absent.
 */
export function withTopValues<M extends SipMessage>(msg: M, name: string, values: readonly string[]): M {
  if (values.length === 0) return msg;
  const key = headerKey(name);
  const at = msg.headers.findIndex((h) => headerKey(h.name) === key);
  const line = { name, value: values.join(', ') };
  const position = at === -1 ? msg.headers.length : at;
  return rebase(msg, [...msg.headers.slice(0, position), line, ...msg.headers.slice(position)], key);
}

function rebase<M extends SipMessage>(msg: M, headers: RawHeader[], key: string): M {
  if (!BASE_KEYS.has(key)) return { ...msg, headers };
  const base = extractBaseHeaders(headers, msg.kind === 'request' ? msg.method : null);
  if (!base.ok) throw new Error(`header update would make the message invalid: ${base.error}`);
  return { ...msg, headers, base: base.value };
}
