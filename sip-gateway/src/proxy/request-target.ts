import { type EdgeName, isEdgeName } from '../config/edges.js';
import type { Uri } from '../message/types.js';

/** What a Request-URI addresses, from this gateway's point of view. */
export type RequestTarget =
  | { readonly kind: 'gateway' }
  /** `acme.sip.<zone>`, or the localized `acme.sip.<edge>.<zone>` (then `edge` is set). */
  | { readonly kind: 'domain'; readonly domainName: string; readonly edge: EdgeName | null }
  | { readonly kind: 'foreign' };

export interface LocalIdentity {
  readonly zone: string;
  /** Host names and addresses that name this gateway itself. */
  readonly gatewayHosts: ReadonlySet<string>;
}

export function classifyRequestTarget(uri: Uri, identity: LocalIdentity): RequestTarget {
  if (uri.scheme !== 'sip' && uri.scheme !== 'sips') return { kind: 'foreign' };
  const host = 'host' in uri ? uri.host : '';
  if (identity.gatewayHosts.has(host)) return { kind: 'gateway' };
  const suffix = `.${identity.zone}`;
  if (!host.endsWith(suffix)) return { kind: 'foreign' };
  const labels = host.slice(0, -suffix.length).split('.');
  const [subdomain, sip, edge] = labels;
  if (!subdomain || sip !== 'sip') return { kind: 'foreign' };
  const domainName = `${subdomain}.sip${suffix}`;
  if (labels.length === 2) return { kind: 'domain', domainName, edge: null };
  if (labels.length === 3 && edge && isEdgeName(edge)) return { kind: 'domain', domainName, edge };
  return { kind: 'foreign' };
}
