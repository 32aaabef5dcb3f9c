import { isIP } from 'node:net';

const IPV4_MAPPED = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/**
 * The form flows and send targets use: no IPv6 brackets (a Via sent-by keeps them, RFC 3261
 * §25.1 IPv6reference), lower case, and IPv4-mapped IPv6 addresses as plain IPv4.
 */
export function normalizeAddress(address: string): string {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const lower = bare.toLowerCase();
  return IPV4_MAPPED.exec(lower)?.[1] ?? lower;
}

/** Whether `address` is an IP literal (host names must be resolved above, RFC 3263). */
export function isIpAddress(address: string): boolean {
  return isIP(address) !== 0;
}

/** The wildcard addresses: binding to them listens everywhere but says nothing about the source. */
export function isUnspecifiedAddress(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}
