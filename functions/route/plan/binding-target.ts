import type { HeaderField, ProxyTarget } from '#sip/contract/handler-events.js';
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
 * The branch that rings one registered contact: to the contact URI (RFC 3261 §16.5), sent where the
 * REGISTER came from (RFC 3581, NAT) over the flow it came on (RFC 5626 §5.2), with its Path as the
 * route set (RFC 3327 §5.3).
 */
export function bindingTarget(contact: BindingContact, extras: BranchExtras): ProxyTarget {
  return withExtras(
    {
      uri: contact.contactUri,
      destination: {
        transport: contact.transport,
        address: contact.source.address,
        port: contact.source.port,
      },
      flow: {
        instanceId: contact.gatewayInstanceId,
        flowId: contact.flowId,
        relayAddress: contact.relayAddress,
      },
      ...(contact.path.length > 0 ? { path: contact.path } : {}),
    },
    extras,
  );
}
