import { parseIpv4 } from '#functions/shared/ipv4.js';
import { err, ok, type Result } from '#functions/shared/result.js';
import type { HttpMethod } from '#functions/shared/store/records.js';

/** Pure validators of API parameters. Each returns the normalized value or a message for the client. */

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export interface ValidDomainName {
  readonly name: string;
  /** For a subdomain (`foo.example.sip.<zone>`), the domain it is under (`example.sip.<zone>`). */
  readonly parent?: string;
}

/** Letters, digits and "-" per label (RFC 1035 §2.3.1), ending with `.sip.<zone>`. */
export function validateDomainName(raw: string, zone: string): Result<ValidDomainName, string> {
  const name = raw.trim().toLowerCase();
  const suffix = `.sip.${zone}`;
  if (!name.endsWith(suffix)) return err(`Domain name ${raw} must end with ${suffix}`);
  if (name.length > 253) return err('Domain name must be at most 253 characters');
  const labels = name.slice(0, -suffix.length).split('.');
  if (labels.some((label) => !LABEL.test(label))) {
    return err(
      `Domain name ${raw} may contain only letters, digits and "-" (not at the start or end of a label)`,
    );
  }
  return ok(labels.length > 1 ? { name, parent: `${labels.slice(1).join('.')}${suffix}` } : { name });
}

export function validateFriendlyName(value: string, maxChars: number): Result<string, string> {
  if (value.length === 0) return err('FriendlyName must not be empty');
  if ([...value].length > maxChars) return err(`FriendlyName must be at most ${maxChars} characters`);
  return ok(value);
}

/** Digest usernames: no whitespace, control characters, ':' (HA1 separator) or '"' (RFC 7616 quoting). */
export function validateUsername(value: string, maxChars: number): Result<string, string> {
  if (value.length === 0) return err('Username must not be empty');
  if ([...value].length > maxChars) return err(`Username must be ${maxChars} characters or less`);
  if (/[\s\p{Cc}:"]/u.test(value))
    return err('Username must not contain spaces, control characters, ":" or \'"\'');
  return ok(value);
}

/** Twilio's policy: at least 12 characters, at least one digit, mixed case. */
export function validatePassword(value: string, minChars: number, maxChars: number): Result<string, string> {
  const problems: string[] = [];
  if ([...value].length < minChars) problems.push(`at least ${minChars} characters`);
  if (!/[0-9]/.test(value)) problems.push('a digit');
  if (!/[a-z]/.test(value) || !/[A-Z]/.test(value)) problems.push('upper and lower case letters');
  if (problems.length > 0) return err(`Password must contain ${problems.join(', ')}`);
  if ([...value].length > maxChars) return err(`Password must be at most ${maxChars} characters`);
  return ok(value);
}

export function validateIpv4(value: string): Result<string, string> {
  return parseIpv4(value) === undefined
    ? err(`IpAddress ${value} is not a complete IPv4 address in dotted decimal notation`)
    : ok(value);
}

/** 1..32; Twilio's "0 = the entire address" is stored as 32. */
export function validateCidrPrefixLength(value: string | null): Result<number, string> {
  if (value === null || value === '' || value === '0') return ok(32);
  if (!/^[0-9]{1,2}$/.test(value) || Number(value) > 32)
    return err('CidrPrefixLength must be an integer from 0 to 32');
  return ok(Number(value));
}

export function parseBoolean(name: string, value: string): Result<boolean, string> {
  const lower = value.toLowerCase();
  if (lower === 'true') return ok(true);
  if (lower === 'false') return ok(false);
  return err(`${name} must be true or false`);
}

/** An absolute http(s) URL, or "" to clear the field. */
export function parseUrl(name: string, value: string, maxChars: number): Result<string | null, string> {
  if (value === '') return ok(null);
  if (value.length > maxChars) return err(`${name} must be at most ${maxChars} characters`);
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return ok(value);
  } catch {
    // falls through to the error below
  }
  return err(`${name} must be an absolute http or https URL`);
}

export function parseMethod(name: string, value: string): Result<HttpMethod, string> {
  const upper = value.toUpperCase();
  return upper === 'GET' || upper === 'POST' ? ok(upper) : err(`${name} must be GET or POST`);
}

export function parseOptionalSid(name: string, prefix: string, value: string): Result<string | null, string> {
  if (value === '') return ok(null);
  return new RegExp(`^${prefix}[0-9a-fA-F]{32}$`).test(value)
    ? ok(value)
    : err(`${name} must be ${prefix} followed by 32 hex digits`);
}
