import type { Params, SipUri, TelUri, Uri } from '../types.js';

/** Parameters that make URIs differ when present in only one of them (RFC 3261 §19.1.4). */
const MUST_BE_IN_BOTH = new Set(['user', 'ttl', 'method', 'maddr', 'transport']);

/**
 * URI equivalence (RFC 3261 §19.1.4 for sip/sips, RFC 3966 §4 for tel): userinfo compares
 * case-sensitively after unescaping, everything else case-insensitively (except method values, §7.1); parameter and header
 * order is not significant; a default value never matches an omitted component.
 */
export function uriEquals(a: Uri, b: Uri): boolean {
  if (a.scheme !== b.scheme) return false;
  if ('raw' in a || 'raw' in b) {
    return 'raw' in a && 'raw' in b && a.raw.slice(a.scheme.length) === b.raw.slice(b.scheme.length);
  }
  if (a.scheme === 'tel' || b.scheme === 'tel') {
    return a.scheme === 'tel' && b.scheme === 'tel' && telEquals(a, b);
  }
  return sipEquals(a, b);
}

function sipEquals(a: SipUri, b: SipUri): boolean {
  if (a.user !== b.user || a.password !== b.password || a.host !== b.host || a.port !== b.port) return false;
  const pa = toMap(a.params);
  const pb = toMap(b.params);
  for (const [name, value] of pa) {
    const other = pb.get(name);
    if (other === undefined) {
      if (MUST_BE_IN_BOTH.has(name)) return false;
    } else if (name === 'method' ? value !== other : !sameValue(value, other)) return false;
  }
  for (const name of pb.keys()) if (!pa.has(name) && MUST_BE_IN_BOTH.has(name)) return false;
  // "URI header components are never ignored": same set, matching values.
  const ha = toMap(a.headers);
  const hb = toMap(b.headers);
  if (ha.size !== hb.size) return false;
  for (const [name, value] of ha) {
    const other = hb.get(name);
    if (other === undefined || !sameValue(value, other)) return false;
  }
  return true;
}

/** RFC 3966 §4: visual separators are ignored; parameters must all match. */
function telEquals(a: TelUri, b: TelUri): boolean {
  if (telDigits(a.number) !== telDigits(b.number)) return false;
  const pa = toMap(a.params);
  const pb = toMap(b.params);
  if (pa.size !== pb.size) return false;
  for (const [name, value] of pa) {
    const other = pb.get(name);
    if (other === undefined || !sameValue(value, other)) return false;
  }
  return true;
}

function telDigits(number: string): string {
  return number.replace(/[-.()]/g, '').toLowerCase();
}

function toMap(params: Params): Map<string, string | null> {
  const map = new Map<string, string | null>();
  for (const [name, value] of params) {
    const key = name.toLowerCase();
    if (!map.has(key)) map.set(key, value);
  }
  return map;
}

function sameValue(a: string | null, b: string | null): boolean {
  return a === b || (a !== null && b !== null && a.toLowerCase() === b.toLowerCase());
}
