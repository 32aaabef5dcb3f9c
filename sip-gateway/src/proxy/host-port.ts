import { isIpAddress, normalizeAddress } from '../transport/address.js';
import type { Endpoint } from '../transport/transport.js';

/** `host:port`, or `[v6]:port`: how a relay address is written in bindings and flow tokens. */
export function formatHostPort(endpoint: Endpoint): string {
  const host = endpoint.address.includes(':') ? `[${endpoint.address}]` : endpoint.address;
  return `${host}:${endpoint.port}`;
}

/** The IP endpoint of `host:port` or `[v6]:port`; null for a name or an invalid port. */
export function parseHostPort(text: string): Endpoint | null {
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(text);
  if (!match?.[1] || !match[2]) return null;
  const address = normalizeAddress(match[1]);
  const port = Number(match[2]);
  return isIpAddress(address) && port >= 1 && port <= 65_535 ? { address, port } : null;
}

export function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  return a.address === b.address && a.port === b.port;
}
