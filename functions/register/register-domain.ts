import { isIP } from 'node:net';
import type { Uri } from '#sip/message/types.js';
import { classifyRequestTarget } from '#sip/proxy/request-target.js';
import { err, ok, type Result } from '../shared/result.js';

const NO_GATEWAY_HOSTS: ReadonlySet<string> = new Set();

/** The SipEdge domain a URI names: `acme.sip.<zone>`, or `acme.sip.<edge>.<zone>` for a known edge. */
export function domainNameOf(uri: Uri, zone: string): string | null {
  const target = classifyRequestTarget(uri, { zone, gatewayHosts: NO_GATEWAY_HOSTS });
  return target.kind === 'domain' ? target.domainName : null;
}

/**
 * RFC 3261 §10.3 step 1: the Request-URI names the domain whose bindings change. An IP address
 * names no domain (403); a name that is not a SipEdge domain is not found (404).
 */
export function registerDomain(
  requestUri: Uri,
  zone: string,
): Result<string, 'ipAddressHost' | 'unknownDomain'> {
  if ('host' in requestUri && isIP(requestUri.host.replace(/^\[(.*)\]$/, '$1')) !== 0)
    return err('ipAddressHost');
  const domainName = domainNameOf(requestUri, zone);
  return domainName === null ? err('unknownDomain') : ok(domainName);
}
