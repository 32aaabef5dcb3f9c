import { extractBaseHeaders } from './base-headers.js';
import { headerKey } from './header-names.js';
import { formatVia } from './headers/via.js';
import { splitList } from './split-list.js';
import type { RawHeader, SipMessage, SipRequest, Uri, Via } from './types.js';

/**
 * Immutable updates: each returns a new message whose `headers` and `base` agree. Received messages
 * are never changed (forwarding starts from a copy, RFC 3261 §16.6 step 1).
 */

/** Adds `via` as the new topmost Via, in a header line of its own (§16.6 step 8). */
export function withTopVia<M extends SipMessage>(msg: M, via: Via): M {
  const at = Math.max(
    0,
    msg.headers.findIndex((h) => headerKey(h.name) === 'via'),
  );
  const headers = [
    ...msg.headers.slice(0, at),
    { name: 'Via', value: formatVia(via) },
    ...msg.headers.slice(at),
  ];
  return { ...msg, headers, base: { ...msg.base, via: [via, ...msg.base.via] } };
}

/**
 * Removes the topmost Via value (a proxy removing its own Via from a response, §16.7 step 3).
 * Returns null when it was the only Via: the response was addressed to this element.
 */
export function withoutTopVia<M extends SipMessage>(msg: M): M | null {
  const [, next, ...rest] = msg.base.via;
  if (next === undefined) return null;
  return { ...msg, headers: editTopVia(msg.headers, null), base: { ...msg.base, via: [next, ...rest] } };
}

/** Replaces the topmost Via value, e.g. to add received/rport (§18.2.1, RFC 3581 §4). */
export function withReplacedTopVia<M extends SipMessage>(msg: M, via: Via): M {
  const [, ...rest] = msg.base.via;
  return {
    ...msg,
    headers: editTopVia(msg.headers, formatVia(via)),
    base: { ...msg.base, via: [via, ...rest] },
  };
}

/** Rewrites the first value of the first Via header line: replaced by `value`, or removed when null. */
function editTopVia(headers: readonly RawHeader[], value: string | null): RawHeader[] {
  const index = headers.findIndex((h) => headerKey(h.name) === 'via');
  const line = headers[index];
  if (line === undefined) return [...headers];
  const [, ...others] = splitList(line.value);
  const values = value === null ? others : [value, ...others];
  const replacement = values.length === 0 ? [] : [{ name: line.name, value: values.join(', ') }];
  return [...headers.slice(0, index), ...replacement, ...headers.slice(index + 1)];
}

/** Sets Max-Forwards (in place when present, else appended), e.g. decremented by a proxy (§16.6 step 3). */
export function withMaxForwards(req: SipRequest, hops: number): SipRequest {
  const index = req.headers.findIndex((h) => headerKey(h.name) === 'max-forwards');
  const header = { name: 'Max-Forwards', value: String(hops) };
  const headers =
    index === -1
      ? [...req.headers, header]
      : req.headers.map((h, k) => (k === index ? { name: h.name, value: header.value } : h));
  return { ...req, headers, base: { ...req.base, maxForwards: hops } };
}

/** Sets the Request-URI (§16.6 step 2, §16.4). */
export function withRequestUri(req: SipRequest, uri: Uri): SipRequest {
  return { ...req, uri };
}

/** Appends a header line. Mandatory headers are re-validated; making them invalid is a bug and throws. */
export function withHeader<M extends SipMessage>(msg: M, name: string, value: string): M {
  return rebase(msg, [...msg.headers, { name, value }], headerKey(name));
}

/** Removes every line of a header (any spelling, compact form included). */
export function withoutHeaders<M extends SipMessage>(msg: M, name: string): M {
  const key = headerKey(name);
  return rebase(
    msg,
    msg.headers.filter((h) => headerKey(h.name) !== key),
    key,
  );
}

const BASE_KEYS = new Set(['via', 'from', 'to', 'call-id', 'cseq', 'max-forwards']);

function rebase<M extends SipMessage>(msg: M, headers: RawHeader[], key: string): M {
  if (!BASE_KEYS.has(key)) return { ...msg, headers };
  const base = extractBaseHeaders(headers, msg.kind === 'request' ? msg.method : null);
  if (!base.ok) throw new Error(`header update would make the message invalid: ${base.error}`);
  return { ...msg, headers, base: base.value };
}
