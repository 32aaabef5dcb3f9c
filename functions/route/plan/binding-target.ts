import type { EdgeName } from '#sip/config/edges.js';
import type { HeaderField, ProxyTarget } from '#sip/contract/handler-events.js';
import { parseUri } from '#sip/message/index.js';
import { parseIpv4 } from '../../shared/ipv4.js';
import { isPrivateAddress } from '../../shared/private-address.js';
import type { BindingContact } from '../../shared/store/binding-store.js';

/** What a `<Sip>` noun adds to every branch it produces. */
export interface BranchExtras {
  readonly headers: readonly HeaderField[];
  readonly credentials: ProxyTarget['credentials'] | null;
}

export function withExtras(target: ProxyTarget, extras: BranchExtras): ProxyTarget {
  return {
    ...target,
    ...(extras.headers.length > 0 ? { headers: extras.headers } : {}),
    ...(extras.credentials ? { credentials: extras.credentials } : {}),
  };
}

/**
 * The branch that rings one registered contact (RFC 3261 §16.5), with its Path as the route set
 * (RFC 3327 §5.3). A device that registered with RFC 5626 outbound (reg-id), or from behind NAT
 * (its Contact names a private address that is not where the REGISTER came from), is reached where
 * the REGISTER came from (RFC 3581) over the flow it came on (RFC 5626 §5.2), through the gateway
 * instance that holds it, which belongs to `edge` (the edge whose registrar wrote the binding). Any
 * other device is reached at its Contact (RFC 3261 §16.5).
 */
export function bindingTarget(contact: BindingContact, edge: EdgeName, extras: BranchExtras): ProxyTarget {
  const path = contact.path.length > 0 ? { path: contact.path } : {};
  if (isDirectlyReachable(contact)) return withExtras({ uri: contact.contactUri, ...path }, extras);
  return withExtras(
    {
      uri: contact.contactUri,
      destination: {
        transport: contact.transport,
        address: contact.source.address,
        port: contact.source.port,
      },
      flow: {
        edge,
        instanceId: contact.gatewayInstanceId,
        flowId: contact.flowId,
        relayAddress: contact.relayAddress,
      },
      ...path,
    },
    extras,
  );
}

function isDirectlyReachable(contact: BindingContact): boolean {
  if (contact.regId !== null) return false;
  const uri = parseUri(contact.contactUri);
  if (!uri.ok || !('host' in uri.value)) return false;
  const { host } = uri.value;
  const isIp = parseIpv4(host) !== undefined || host.startsWith('[');
  return isIp && (host === contact.source.address || !isPrivateAddress(host));
}
