import { type HeaderNameInfo, headerInfo, headerKey, headerNameIs } from './header-names.js';
import { type Challenge, parseChallenge } from './headers/challenge.js';
import { type ContactList, parseContactList } from './headers/contact.js';
import { type ContentType, parseContentType } from './headers/content-type.js';
import { type Credentials, parseCredentials } from './headers/credentials.js';
import { parseExpires } from './headers/expires.js';
import { parseOptionTags } from './headers/option-tags.js';
import { parseRouteEntry } from './headers/route.js';
import { err, ok, type Result } from './result.js';
import { splitList } from './split-list.js';
import { equalsLowerCase, trimLws } from './syntax.js';
import type { NameAddr, RawHeader, SipMessage } from './types.js';

/** Names resolved once: these headers are read from every REGISTER and INVITE. */
const CONTACT = headerInfo('contact');
const CREDENTIALS = {
  authorization: headerInfo('authorization'),
  'proxy-authorization': headerInfo('proxy-authorization'),
} as const;

/**
 * All values of a header, in order, matching any spelling of its name including the compact form
 * (RFC 3261 §7.3.1, §7.3.3). Values of list headers are split at commas (outside quotes and `<>`)
 * and empty elements dropped; other headers give one value per line.
 */
export function getHeaderValues(msg: SipMessage, name: string): string[] {
  return valuesOf(msg, headerInfo(name));
}

/** `getHeaderValues` with the header's name already resolved. */
function valuesOf(msg: SipMessage, info: HeaderNameInfo): string[] {
  const { key, canonical, compact, list: split } = info;
  const values: string[] = [];
  const headers = msg.headers;
  for (let k = 0; k < headers.length; k++) {
    const header = headers[k] as RawHeader;
    if (header.name !== canonical && !isNamed(header.name, key, compact)) continue;
    if (!split) values.push(header.value);
    else if (header.value.indexOf(',') === -1) {
      const value = trimLws(header.value);
      if (value.length > 0) values.push(value);
    } else for (const value of splitList(header.value)) if (value.length > 0) values.push(value);
  }
  return values;
}

/** `name` (any case) is the header's long name `key` or its compact form. */
function isNamed(name: string, key: string, compact: string | null): boolean {
  if (name.length === key.length) return equalsLowerCase(name, key);
  return compact !== null && name.length === 1 && equalsLowerCase(name, compact);
}

/** The first line's value of a header, or null when absent. */
export function getHeaderValue(msg: SipMessage, name: string): string | null {
  const key = headerKey(name);
  for (const header of msg.headers) if (headerNameIs(header.name, key)) return header.value;
  return null;
}

/** Contact values (RFC 3261 §20.10): `*` or contacts; null when there is no Contact header. */
export function getContacts(msg: SipMessage): Result<ContactList | null> {
  const values = valuesOf(msg, CONTACT);
  if (values.length === 0) return ok(null);
  const list = parseContactList(values);
  return list.ok ? list : err(`Bad Contact header: ${list.error}`);
}

/** Route, Record-Route, Path or Service-Route entries in order (empty when absent). */
export function getRouteSet(
  msg: SipMessage,
  name: 'route' | 'record-route' | 'path' | 'service-route',
): Result<NameAddr[]> {
  return mapValues(msg, headerInfo(name), parseRouteEntry);
}

/** Authorization / Proxy-Authorization credentials, one per header line (§22.4). */
export function getCredentials(
  msg: SipMessage,
  name: 'authorization' | 'proxy-authorization',
): Result<Credentials[]> {
  return mapValues(msg, CREDENTIALS[name], parseCredentials);
}

/** WWW-Authenticate / Proxy-Authenticate challenges, one per header line (§22.1, §22.3). */
export function getChallenges(
  msg: SipMessage,
  name: 'www-authenticate' | 'proxy-authenticate',
): Result<Challenge[]> {
  return mapValues(msg, headerInfo(name), parseChallenge);
}

/** Supported / Require / Proxy-Require / Unsupported / Allow values as tokens. */
export function getOptionTags(
  msg: SipMessage,
  name: 'supported' | 'require' | 'proxy-require' | 'unsupported' | 'allow',
): Result<string[]> {
  const tags: string[] = [];
  for (const value of getHeaderValues(msg, name)) {
    const parsed = parseOptionTags(value);
    if (!parsed.ok) return err(`Bad ${name} header: ${parsed.error}`);
    tags.push(...parsed.value);
  }
  return ok(tags);
}

/** Expires / Min-Expires in seconds, null when absent (§20.19, §20.23). */
export function getExpires(msg: SipMessage, name: 'expires' | 'min-expires'): Result<number | null> {
  const value = getHeaderValue(msg, name);
  if (value === null) return ok(null);
  const parsed = parseExpires(value);
  return parsed.ok ? parsed : err(`Bad ${name} header: ${parsed.error}`);
}

/** Content-Type, null when absent (§20.15). */
export function getContentType(msg: SipMessage): Result<ContentType | null> {
  const value = getHeaderValue(msg, 'content-type');
  if (value === null) return ok(null);
  const parsed = parseContentType(value);
  return parsed.ok ? parsed : err(`Bad Content-Type header: ${parsed.error}`);
}

function mapValues<T>(
  msg: SipMessage,
  info: HeaderNameInfo,
  parse: (value: string) => Result<T>,
): Result<T[]> {
  const out: T[] = [];
  for (const value of valuesOf(msg, info)) {
    const parsed = parse(value);
    if (!parsed.ok) return err(`Bad ${info.key} header: ${parsed.error}`);
    out.push(parsed.value);
  }
  return ok(out);
}
