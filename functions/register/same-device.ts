import type { Uri } from '#sip/message/types.js';
import { parseUri } from '#sip/message/uri/parse-uri.js';
import { uriEquals } from '#sip/message/uri/uri-equals.js';
import { CorruptItemError } from '../shared/errors.js';
import type { BindingContact } from '../shared/store/binding-store.js';

/** What identifies the device behind a binding. */
export interface DeviceIdentity {
  readonly uri: Uri;
  readonly instanceId: string | null;
  readonly regId: number | null;
}

/**
 * Whether two bindings are the same device, so that the newer replaces the older: the same
 * `+sip.instance` and `reg-id` when both have them (RFC 5626 §6: one binding per instance and
 * flow, whatever its URI), otherwise equal contact URIs (RFC 3261 §10.3 step 7, §19.1.4).
 */
export function isSameDevice(a: DeviceIdentity, b: DeviceIdentity): boolean {
  if (a.instanceId !== null && a.regId !== null && b.instanceId !== null && b.regId !== null)
    return a.instanceId === b.instanceId && a.regId === b.regId;
  return uriEquals(a.uri, b.uri);
}

/** The identity of a stored binding (its URI was written by `formatUri`, so it parses). */
export function deviceOf(binding: BindingContact): DeviceIdentity {
  const uri = parseUri(binding.contactUri);
  if (!uri.ok) throw new CorruptItemError(`binding contact URI ${binding.contactUri}: ${uri.error}`);
  return { uri: uri.value, instanceId: binding.instanceId, regId: binding.regId };
}
