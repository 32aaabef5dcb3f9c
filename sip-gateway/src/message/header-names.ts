import { equalsLowerCase } from './syntax.js';

/**
 * The header-name table: canonical capitalization, compact forms and whether the header's value
 * is a comma-separated list. Header names compare case-insensitively (RFC 3261 §7.3.1); a
 * header's "key" is its lower-case long name, the form every lookup in this package uses.
 */

interface HeaderInfo {
  /** Lower-case long name, written out so that it is an interned literal (compared by identity). */
  readonly key: string;
  readonly canonical: string;
  /** Compact form (RFC 3261 §7.3.3 and the extension RFCs cited). */
  readonly compact?: string;
  /** `#element` lists that may be split at commas (RFC 3261 §7.3.1). */
  readonly list?: boolean;
}

const HEADERS: readonly HeaderInfo[] = [
  { key: 'via', canonical: 'Via', compact: 'v', list: true },
  { key: 'from', canonical: 'From', compact: 'f' },
  { key: 'to', canonical: 'To', compact: 't' },
  { key: 'call-id', canonical: 'Call-ID', compact: 'i' },
  { key: 'cseq', canonical: 'CSeq' },
  { key: 'max-forwards', canonical: 'Max-Forwards' },
  { key: 'contact', canonical: 'Contact', compact: 'm', list: true },
  { key: 'content-length', canonical: 'Content-Length', compact: 'l' },
  { key: 'content-type', canonical: 'Content-Type', compact: 'c' },
  { key: 'content-encoding', canonical: 'Content-Encoding', compact: 'e', list: true },
  { key: 'supported', canonical: 'Supported', compact: 'k', list: true },
  { key: 'subject', canonical: 'Subject', compact: 's' },
  { key: 'event', canonical: 'Event', compact: 'o' }, // RFC 6665 (was RFC 3265)
  { key: 'allow-events', canonical: 'Allow-Events', compact: 'u', list: true }, // RFC 6665
  { key: 'refer-to', canonical: 'Refer-To', compact: 'r' }, // RFC 3515
  { key: 'referred-by', canonical: 'Referred-By', compact: 'b' }, // RFC 3892
  { key: 'session-expires', canonical: 'Session-Expires', compact: 'x' }, // RFC 4028
  { key: 'accept-contact', canonical: 'Accept-Contact', compact: 'a', list: true }, // RFC 3841
  { key: 'reject-contact', canonical: 'Reject-Contact', compact: 'j', list: true }, // RFC 3841
  { key: 'request-disposition', canonical: 'Request-Disposition', compact: 'd', list: true }, // RFC 3841
  { key: 'identity', canonical: 'Identity', compact: 'y' }, // RFC 8224
  { key: 'identity-info', canonical: 'Identity-Info', compact: 'n' }, // RFC 4474
  { key: 'route', canonical: 'Route', list: true },
  { key: 'record-route', canonical: 'Record-Route', list: true },
  { key: 'path', canonical: 'Path', list: true }, // RFC 3327
  { key: 'service-route', canonical: 'Service-Route', list: true }, // RFC 3608
  { key: 'expires', canonical: 'Expires' },
  { key: 'min-expires', canonical: 'Min-Expires' },
  { key: 'authorization', canonical: 'Authorization' },
  { key: 'proxy-authorization', canonical: 'Proxy-Authorization' },
  { key: 'www-authenticate', canonical: 'WWW-Authenticate' },
  { key: 'proxy-authenticate', canonical: 'Proxy-Authenticate' },
  { key: 'authentication-info', canonical: 'Authentication-Info' },
  { key: 'require', canonical: 'Require', list: true },
  { key: 'proxy-require', canonical: 'Proxy-Require', list: true },
  { key: 'unsupported', canonical: 'Unsupported', list: true },
  { key: 'allow', canonical: 'Allow', list: true },
  { key: 'accept', canonical: 'Accept', list: true },
  { key: 'accept-encoding', canonical: 'Accept-Encoding', list: true },
  { key: 'accept-language', canonical: 'Accept-Language', list: true },
  { key: 'alert-info', canonical: 'Alert-Info', list: true },
  { key: 'call-info', canonical: 'Call-Info', list: true },
  { key: 'content-language', canonical: 'Content-Language', list: true },
  { key: 'error-info', canonical: 'Error-Info', list: true },
  { key: 'in-reply-to', canonical: 'In-Reply-To', list: true },
  { key: 'warning', canonical: 'Warning', list: true },
  { key: 'reason', canonical: 'Reason', list: true }, // RFC 3326
  { key: 'content-disposition', canonical: 'Content-Disposition' },
  { key: 'mime-version', canonical: 'MIME-Version' },
  { key: 'date', canonical: 'Date' },
  { key: 'timestamp', canonical: 'Timestamp' },
  { key: 'user-agent', canonical: 'User-Agent' },
  { key: 'server', canonical: 'Server' },
  { key: 'organization', canonical: 'Organization' },
  { key: 'priority', canonical: 'Priority' },
  { key: 'reply-to', canonical: 'Reply-To' },
  { key: 'retry-after', canonical: 'Retry-After' },
];

const BY_NAME = new Map<string, HeaderInfo>();
/** Key by name as commonly written (canonical, lower, upper and compact forms): no lower-casing needed. */
const KEY_BY_SPELLING = new Map<string, string>();
for (const info of HEADERS) {
  const key = info.key;
  BY_NAME.set(key, info);
  if (info.compact) BY_NAME.set(info.compact, info);
  for (const spelling of [info.canonical, key, info.canonical.toUpperCase(), info.compact]) {
    if (spelling) KEY_BY_SPELLING.set(spelling, key);
  }
  if (info.compact) KEY_BY_SPELLING.set(info.compact.toUpperCase(), key);
}

/** What the table knows about a header, resolved from any spelling of its name by `headerInfo`. */
export interface HeaderNameInfo {
  readonly key: string;
  /** Canonical capitalization; the name as given for unknown headers. */
  readonly canonical: string;
  readonly compact: string | null;
  readonly list: boolean;
}

const INFO_BY_SPELLING = new Map<string, HeaderNameInfo>();
for (const info of HEADERS) {
  const resolved: HeaderNameInfo = {
    key: info.key,
    canonical: info.canonical,
    compact: info.compact ?? null,
    list: info.list === true,
  };
  INFO_BY_SPELLING.set(info.key, resolved);
  if (info.compact) INFO_BY_SPELLING.set(info.compact, resolved);
}

/** `headerKey`, `canonicalHeaderName`, `compactHeaderName` and `isListHeader` in one lookup. */
export function headerInfo(name: string): HeaderNameInfo {
  const key = headerKey(name);
  return INFO_BY_SPELLING.get(key) ?? { key, canonical: name, compact: null, list: false };
}

/** Lower-case long name for any spelling of a header name: `v`, `VIA`, `Via` → `via`. */
export function headerKey(name: string): string {
  const known = KEY_BY_SPELLING.get(name);
  if (known !== undefined) return known;
  const lower = name.toLowerCase();
  const info = BY_NAME.get(lower);
  return info ? info.key : lower;
}

/** A header name matched in place by `coreHeaderName`. */
export interface CoreHeaderName {
  /** The header's key (lower-case long name). */
  readonly key: string;
  /** The matched spelling when it is written exactly like this (canonical or compact form), else null. */
  readonly name: string | null;
}

interface Spelling {
  readonly lower: string;
  readonly written: string;
  readonly exact: CoreHeaderName;
  readonly inexact: CoreHeaderName;
}

/** The headers a parser reads while framing: the mandatory ones (§8.1.1) and Content-Length (§18.3). */
const CORE_KEYS = new Set(['via', 'from', 'to', 'call-id', 'cseq', 'max-forwards', 'content-length']);
const MAX_CORE_LENGTH = 14;
/** Core spellings by length and lower-cased first character, for matching without a copy. */
const SPELLINGS: Array<Spelling[] | undefined> = [];
for (const info of HEADERS) {
  if (!CORE_KEYS.has(info.key)) continue;
  const key = info.key;
  for (const written of info.compact ? [info.canonical, info.compact] : [info.canonical]) {
    const slot = written.length * 128 + (written.charCodeAt(0) | 0x20);
    const list = SPELLINGS[slot] ?? [];
    const exact = { key, name: written };
    list.push({ lower: written.toLowerCase(), written, exact, inexact: { key, name: null } });
    SPELLINGS[slot] = list;
  }
}

/**
 * Matches the header name `text[start, end)` against Via, From, To, Call-ID, CSeq, Max-Forwards and
 * Content-Length in any case and compact form (§7.3.1, §7.3.3), without copying it; null for any other
 * name. Other names are told apart by length and first character alone, so scanning them is cheap.
 */
export function coreHeaderName(text: string, start: number, end: number): CoreHeaderName | null {
  const length = end - start;
  if (length > MAX_CORE_LENGTH) return null;
  const list = SPELLINGS[length * 128 + ((text.charCodeAt(start) | 0x20) & 0x7f)];
  if (list === undefined) return null;
  for (let k = 0; k < list.length; k++) {
    const spelling = list[k] as Spelling;
    let i = 0;
    let exact = true;
    for (; i < length; i++) {
      const c = text.charCodeAt(start + i);
      if (c === spelling.written.charCodeAt(i)) continue;
      exact = false;
      if (lowerCode(c) !== spelling.lower.charCodeAt(i)) break;
    }
    if (i === length) return exact ? spelling.exact : spelling.inexact;
  }
  return null;
}

/** `coreHeaderName` on the octets `bytes[start, end)` of an ASCII header section. */
export function coreHeaderNameAt(bytes: Uint8Array, start: number, end: number): CoreHeaderName | null {
  const length = end - start;
  if (length > MAX_CORE_LENGTH) return null;
  const list = SPELLINGS[length * 128 + (((bytes[start] as number) | 0x20) & 0x7f)];
  if (list === undefined) return null;
  for (let k = 0; k < list.length; k++) {
    const spelling = list[k] as Spelling;
    let i = 0;
    let exact = true;
    for (; i < length; i++) {
      const c = bytes[start + i] as number;
      if (c === spelling.written.charCodeAt(i)) continue;
      exact = false;
      if (lowerCode(c) !== spelling.lower.charCodeAt(i)) break;
    }
    if (i === length) return exact ? spelling.exact : spelling.inexact;
  }
  return null;
}

/** Canonical and compact spellings of every header in the table, by length and first character. */
const WRITTEN: Array<string[] | undefined> = [];
for (const info of HEADERS) {
  for (const written of info.compact ? [info.canonical, info.compact] : [info.canonical]) {
    const slot = written.length * 128 + written.charCodeAt(0);
    WRITTEN[slot] = [...(WRITTEN[slot] ?? []), written];
  }
}

/**
 * The table's canonical or compact spelling when the octets `bytes[start, end)` of an ASCII header
 * section spell it exactly, else null: a parser then shares that string instead of copying the name.
 */
export function writtenHeaderNameAt(bytes: Uint8Array, start: number, end: number): string | null {
  const list = WRITTEN[(end - start) * 128 + (bytes[start] as number)];
  if (list === undefined) return null;
  for (let k = 0; k < list.length; k++) {
    const written = list[k] as string;
    let i = 0;
    while (i < written.length && bytes[start + i] === written.charCodeAt(i)) i++;
    if (i === written.length) return written;
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
