import { err, ok, type Result } from '../result.js';
import { MAX_UINT32, parseBoundedInt, unquote } from '../syntax.js';
import type { NameAddr } from '../types.js';
import { addressIn } from './address-in.js';
import { asciiOctets } from './ascii-octets.js';
import { formatNameAddr, parseAddress } from './name-addr.js';

/** One contact-param (RFC 3261 §20.10) with its registration parameters read out. */
export interface Contact extends NameAddr {
  /** `expires` contact-param in seconds (§10.2.1.1), or null when absent. */
  readonly expires: number | null;
  /** `q` preference 0.000-1.000 (§20.10), or null when absent. */
  readonly q: number | null;
  /** `+sip.instance` value without its quotes, e.g. `<urn:uuid:…>` (RFC 5626 §4.1). */
  readonly instance: string | null;
  /** `reg-id` (RFC 5626 §4.2), 1 to 2**31-1. */
  readonly regId: number | null;
}

/** A Contact header field value: `*` (only in REGISTER, §10.2.2) or one or more contacts. */
export type ContactList =
  | { readonly wildcard: true }
  | { readonly wildcard: false; readonly contacts: readonly Contact[] };

const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/** Parses one contact-param (`*` is handled by `getContacts` and `parseContactList`). */
export function parseContact(value: string): Result<Contact> {
  const octets = asciiOctets(value);
  const fast = octets === null ? null : addressIn(octets, value, 0, value.length);
  if (fast !== null) return contactOf(fast);
  const parsed = parseAddress(value);
  return parsed.ok ? contactOf(parsed.value) : parsed;
}

/** The contact with its registration parameters read from `address.params` (first occurrence wins). */
function contactOf(address: NameAddr): Result<Contact> {
  const { params } = address;
  let expiresText: string | null | undefined;
  let qText: string | null | undefined;
  let regIdText: string | null | undefined;
  let instance: string | null | undefined;
  for (let k = 0; k < params.length; k++) {
    const param = params[k] as readonly [string, string | null];
    const name = param[0];
    if (name === 'expires') expiresText ??= param[1];
    else if (name === 'q') qText ??= param[1];
    else if (name === 'reg-id') regIdText ??= param[1];
    else if (name === '+sip.instance') instance ??= param[1];
  }
  const expires = expiresText ? parseBoundedInt(expiresText, MAX_UINT32) : null;
  if (expiresText !== undefined && expires === null) return err(`invalid Contact expires "${expiresText}"`);
  if (qText !== undefined && (qText === null || !QVALUE.test(qText)))
    return err(`invalid Contact q "${qText}"`);
  const regId = regIdText ? parseBoundedInt(regIdText, 0x7fff_ffff) : null;
  if (regIdText !== undefined && (regId === null || regId === 0)) return err(`invalid reg-id "${regIdText}"`);
  return ok({
    displayName: address.displayName,
    uri: address.uri,
    params,
    expires,
    q: qText ? Number(qText) : null,
    instance: instance ? (instance.charCodeAt(0) === 0x22 ? unquote(instance) : instance) : null,
    regId,
  });
}

/** Parses every value of a Contact field (or of several joined): `*` must stand alone (§20.10). */
export function parseContactList(values: readonly string[]): Result<ContactList> {
  if (values.includes('*')) {
    return values.length === 1 ? ok({ wildcard: true }) : err('Contact "*" must be the only value');
  }
  const contacts: Contact[] = [];
  for (const value of values) {
    if (value.length === 0) return err('empty Contact value in list');
    const contact = parseContact(value);
    if (!contact.ok) return contact;
    contacts.push(contact.value);
  }
  return ok({ wildcard: false, contacts });
}

export function formatContact(contact: Contact): string {
  return formatNameAddr(contact);
}

export function formatContactList(list: ContactList): string {
  return list.wildcard ? '*' : list.contacts.map(formatContact).join(', ');
}
