import { type DigestCredentials, parseCredentials } from '#sip/message/headers/credentials.js';

/**
 * Picks, from all Authorization / Proxy-Authorization values of a request, the Digest credentials for our
 * realm (RFC 3261 §22.3: a request may carry one per realm); values that do not parse are skipped.
 */
export function selectCredentials(headerValues: readonly string[], realm: string): DigestCredentials | null {
  for (const value of headerValues) {
    const parsed = parseCredentials(value);
    if (parsed.ok && parsed.value.digest?.realm === realm) return parsed.value.digest;
  }
  return null;
}
