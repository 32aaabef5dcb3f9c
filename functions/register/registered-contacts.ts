import type { HeaderField } from '#sip/contract/handler-events.js';
import { formatHeaderParams } from '#sip/message/header-params.js';
import { quote } from '#sip/message/syntax.js';
import type { Params } from '#sip/message/types.js';
import type { BindingContact } from '../shared/store/binding-store.js';

function contactValue(binding: BindingContact, nowMs: number): string {
  const params: Array<readonly [string, string]> = [
    ['expires', String(Math.max(0, Math.ceil((binding.expiresAtMs - nowMs) / 1000)))],
  ];
  if (binding.instanceId !== null) params.push(['+sip.instance', quote(binding.instanceId)]);
  if (binding.regId !== null) params.push(['reg-id', String(binding.regId)]);
  return `<${binding.contactUri}>${formatHeaderParams(params satisfies Params)}`;
}

/**
 * RFC 3261 §10.3 step 8: the 200 OK lists every current binding with the seconds it has left,
 * echoing `+sip.instance` and `reg-id` (RFC 5626 §6), and carries a Date header (§20.17).
 */
export function registeredHeaders(bindings: readonly BindingContact[], nowMs: number): HeaderField[] {
  return [
    ...bindings.map((b) => ({ name: 'Contact', value: contactValue(b, nowMs) })),
    { name: 'Date', value: new Date(nowMs).toUTCString() },
  ];
}
