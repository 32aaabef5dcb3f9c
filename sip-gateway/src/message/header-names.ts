import { equalsLowerCase } from './syntax.js';

/**
 * The header-name table: canonical capitalization, compact forms and whether the header's value
 * is a comma-separated list. Header names compare case-insensitively (RFC 3261 §7.3.1); a
 * header's "key" is its lower-case long name, the form every lookup in this package uses.
 */

interface HeaderInfo {
  readonly canonical: string;
  /** Compact form (RFC 3261 §7.3.3 and the extension RFCs cited). */
  readonly compact?: string;
  /** `#element` lists that may be split at commas (RFC 3261 §7.3.1). */
  readonly list?: boolean;
}

const HEADERS: readonly HeaderInfo[] = [
  { canonical: 'Via', compact: 'v', list: true },
  { canonical: 'From', compact: 'f' },
  { canonical: 'To', compact: 't' },
  { canonical: 'Call-ID', compact: 'i' },
  { canonical: 'CSeq' },
  { canonical: 'Max-Forwards' },
  { canonical: 'Contact', compact: 'm', list: true },
  { canonical: 'Content-Length', compact: 'l' },
  { canonical: 'Content-Type', compact: 'c' },
  { canonical: 'Content-Encoding', compact: 'e', list: true },
  { canonical: 'Supported', compact: 'k', list: true },
  { canonical: 'Subject', compact: 's' },
  { canonical: 'Event', compact: 'o' }, // RFC 6665 (was RFC 3265)
  { canonical: 'Allow-Events', compact: 'u', list: true }, // RFC 6665
  { canonical: 'Refer-To', compact: 'r' }, // RFC 3515
  { canonical: 'Referred-By', compact: 'b' }, // RFC 3892
  { canonical: 'Session-Expires', compact: 'x' }, // RFC 4028
  { canonical: 'Accept-Contact', compact: 'a', list: true }, // RFC 3841
  { canonical: 'Reject-Contact', compact: 'j', list: true }, // RFC 3841
  { canonical: 'Request-Disposition', compact: 'd', list: true }, // RFC 3841
  { canonical: 'Identity', compact: 'y' }, // RFC 8224
  { canonical: 'Identity-Info', compact: 'n' }, // RFC 4474
  { canonical: 'Route', list: true },
  { canonical: 'Record-Route', list: true },
  { canonical: 'Path', list: true }, // RFC 3327
  { canonical: 'Service-Route', list: true }, // RFC 3608
  { canonical: 'Expires' },
  { canonical: 'Min-Expires' },
  { canonical: 'Authorization' },
  { canonical: 'Proxy-Authorization' },
  { canonical: 'WWW-Authenticate' },
  { canonical: 'Proxy-Authenticate' },
  { canonical: 'Authentication-Info' },
  { canonical: 'Require', list: true },
  { canonical: 'Proxy-Require', list: true },
  { canonical: 'Unsupported', list: true },
  { canonical: 'Allow', list: true },
  { canonical: 'Accept', list: true },
  { canonical: 'Accept-Encoding', list: true },
  { canonical: 'Accept-Language', list: true },
  { canonical: 'Alert-Info', list: true },
  { canonical: 'Call-Info', list: true },
  { canonical: 'Content-Language', list: true },
  { canonical: 'Error-Info', list: true },
  { canonical: 'In-Reply-To', list: true },
  { canonical: 'Warning', list: true },
  { canonical: 'Reason', list: true }, // RFC 3326
  { canonical: 'Content-Disposition' },
  { canonical: 'MIME-Version' },
  { canonical: 'Date' },
  { canonical: 'Timestamp' },
  { canonical: 'User-Agent' },
  { canonical: 'Server' },
  { canonical: 'Organization' },
  { canonical: 'Priority' },
  { canonical: 'Reply-To' },
  { canonical: 'Retry-After' },
];

const BY_NAME = new Map<string, HeaderInfo>();
/** Key by name as commonly written (canonical, lower, upper and compact forms): no lower-casing needed. */
const KEY_BY_SPELLING = new Map<string, string>();
for (const info of HEADERS) {
  const key = info.canonical.toLowerCase();
  BY_NAME.set(key, info);
  if (info.compact) BY_NAME.set(info.compact, info);
  for (const spelling of [info.canonical, key, info.canonical.toUpperCase(), info.compact]) {
    if (spelling) KEY_BY_SPELLING.set(spelling, key);
  }
  if (info.compact) KEY_BY_SPELLING.set(info.compact.toUpperCase(), key);
}

/** Lower-case long name for any spelling of a header name: `v`, `VIA`, `Via` → `via`. */
export function headerKey(name: string): string {
  const known = KEY_BY_SPELLING.get(name);
  if (known !== undefined) return known;
  const lower = name.toLowerCase();
  const info = BY_NAME.get(lower);
  return info ? info.canonical.toLowerCase() : lower;
}

/** A known header name as matched in place by `knownHeaderName`. */
export interface KnownHeaderName {
  /** The header's key (lower-case long name). */
  readonly key: string;
  /** The matched spelling when it is written exactly like this (canonical or compact form), else null. */
  readonly name: string | null;
}

interface Spelling {
  readonly lower: string;
  readonly written: string;
  readonly exact: KnownHeaderName;
  readonly inexact: KnownHeaderName;
}

const MAX_NAME_LENGTH = 32;
/** Known spellings by length and lower-cased first character, for matching without a copy. */
const SPELLINGS: Array<Spelling[] | undefined> = [];
for (const info of HEADERS) {
  const key = info.canonical.toLowerCase();
  for (const written of info.compact ? [info.canonical, info.compact] : [info.canonical]) {
    const slot = written.length * 128 + (written.charCodeAt(0) | 0x20);
    const list = SPELLINGS[slot] ?? [];
    const exact = { key, name: written };
    list.push({ lower: written.toLowerCase(), written, exact, inexact: { key, name: null } });
    SPELLINGS[slot] = list;
  }
}

/**
 * Matches the header name `text[start, end)` against the known names, ignoring case (§7.3.1,
 * compact forms §7.3.3) and without copying it. Returns the key and, when the name is written exactly
 * as its canonical or compact spelling, that spelling (so callers can reuse it instead of a copy).
 */
export function knownHeaderName(text: string, start: number, end: number): KnownHeaderName | null {
  const length = end - start;
  if (length > MAX_NAME_LENGTH) return null;
  const list = SPELLINGS[length * 128 + ((text.charCodeAt(start) | 0x20) & 0x7f)];
  if (list === undefined) return null;
  // Names are nearly always written in their canonical or compact form: compare natively first.
  for (let k = 0; k < list.length; k++) {
    const spelling = list[k] as Spelling;
    if (text.startsWith(spelling.written, start)) return spelling.exact;
  }
  for (let k = 0; k < list.length; k++) {
    const spelling = list[k] as Spelling;
    let i = 0;
    while (i < length && lowerCode(text.charCodeAt(start + i)) === spelling.lower.charCodeAt(i)) i++;
    if (i === length) return spelling.inexact;
  }
  return null;
}

function lowerCode(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
}

/** Canonical capitalization (`call-id` → `Call-ID`); unknown names are returned unchanged. */
export function canonicalHeaderName(name: string): string {
  return BY_NAME.get(name.toLowerCase())?.canonical ?? name;
}

/** Compact form of a header (`Via` → `v`), or null when it has none. */
export function compactHeaderName(name: string): string | null {
  return BY_NAME.get(name.toLowerCase())?.compact ?? null;
}

/** True when the header's grammar is a comma-separated list (§7.3.1); unknown headers are not split. */
export function isListHeader(name: string): boolean {
  return BY_NAME.get(name.toLowerCase())?.list === true;
}

/**
 * True when `name` (any spelling) names the header whose key is `key`. Compares lengths first and
 * case-folds without allocating, so scanning a message's headers stays cheap.
 */
export function headerNameIs(name: string, key: string): boolean {
  if (name.length === key.length) return equalsLowerCase(name, key);
  if (name.length !== 1) return false;
  const compact = BY_NAME.get(key)?.compact;
  return compact !== undefined && equalsLowerCase(name, compact);
}
