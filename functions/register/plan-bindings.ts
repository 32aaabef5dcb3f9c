import type { Contact } from '#sip/message/headers/contact.js';
import { formatUri } from '#sip/message/uri/format-uri.js';
import { ok, type Result } from '../shared/result.js';
import type { BindingContact } from '../shared/store/binding-store.js';
import { enforceBindingLimit } from './binding-limit.js';
import { checkCseqOrder } from './cseq-order.js';
import { grantedExpirySec } from './granted-expiry.js';
import { mergeBindings } from './merged-bindings.js';
import type { RegisterErrorCode } from './register-errors.js';
import type { RegisterRequest } from './register-request.js';
import type { RegistrarSettings } from './registrar-settings.js';
import { type DeviceIdentity, deviceOf, isSameDevice } from './same-device.js';
import { checkWildcard } from './wildcard-removal.js';

/** How the REGISTER reached this edge: recorded in each binding it writes. */
export type RegisterArrival = Pick<
  BindingContact,
  'transport' | 'source' | 'flowId' | 'gatewayInstanceId' | 'relayAddress'
>;

/** The live bindings of the AOR, split by who may write them. */
export interface BindingView {
  /** This edge's item: the only one this registrar writes. */
  readonly edge: readonly BindingContact[];
  readonly otherEdges: readonly BindingContact[];
}

export type PlanError = Extract<
  RegisterErrorCode,
  'invalidWildcard' | 'invalidCseq' | 'intervalTooBrief' | 'tooManyBindings'
>;

const deviceOfContact = (c: Contact): DeviceIdentity => ({
  uri: c.uri,
  instanceId: c.instance,
  regId: c.regId,
});

/**
 * RFC 3261 §10.3 steps 6-7: this edge's bindings after the request, or null when it only queries.
 * Either every contact is applied or none (a failure changes nothing).
 */
export function planBindings(
  request: RegisterRequest,
  arrival: RegisterArrival,
  view: BindingView,
  settings: RegistrarSettings,
  nowMs: number,
): Result<readonly BindingContact[] | null, PlanError> {
  const { contacts, callId, cseq } = request;
  if (contacts === null) return ok(null);
  if (contacts.wildcard) {
    const wildcard = checkWildcard(request.expiresHeader);
    if (!wildcard.ok) return wildcard;
    for (const binding of view.edge) {
      const order = checkCseqOrder(binding, callId, cseq);
      if (!order.ok) return order;
    }
    return ok([]);
  }
  let kept = view.edge;
  let written: BindingContact[] = [];
  for (const contact of contacts.contacts) {
    const expirySec = grantedExpirySec(contact.expires, request.expiresHeader, settings);
    if (!expirySec.ok) return expirySec;
    const device = deviceOfContact(contact);
    const replaced = (b: BindingContact) => isSameDevice(device, deviceOf(b));
    for (const binding of view.edge.filter(replaced)) {
      const order = checkCseqOrder(binding, callId, cseq);
      if (!order.ok) return order;
    }
    kept = kept.filter((b) => !replaced(b));
    written = written.filter((b) => !replaced(b));
    if (expirySec.value > 0) {
      written.push({
        contactUri: formatUri(contact.uri),
        instanceId: contact.instance,
        regId: contact.regId,
        path: request.path,
        ...arrival,
        userAgent: request.userAgent,
        callId,
        cseq,
        registeredAtMs: nowMs,
        expiresAtMs: nowMs + expirySec.value * 1000,
      });
    }
  }
  const countBefore = mergeBindings(view.edge, view.otherEdges).length;
  return enforceBindingLimit({ kept, written, otherEdges: view.otherEdges, countBefore }, settings);
}
