import type { HeaderField } from '#sip/contract/handler-events.js';

/**
 * `SipHeader_<name>` on the voice request (reference §4.1) and `DialSipHeader_<name>` on the
 * `<Dial>` action request (reference §5.2).
 */
export type SipHeaderPrefix = 'SipHeader_' | 'DialSipHeader_';

/**
 * The X- headers of a SIP message as webhook parameters, names as received; User-to-User too on the
 * voice request ("Twilio will prepend the UUI header with SipHeader_"), but not on the action
 * request ("for non-X headers like UUI, action ... not supported"). Other headers are not passed.
 * A header repeated (names compare case-insensitively, RFC 3261 §7.3.1) gives one parameter, its
 * values joined with commas as §7.3.1 combines header fields.
 */
export function sipHeaderParams(
  headers: readonly HeaderField[],
  prefix: SipHeaderPrefix = 'SipHeader_',
): Record<string, string> {
  const byKey = new Map<string, { name: string; values: string[] }>();
  for (const { name, value } of headers) {
    const key = name.toLowerCase();
    if (!key.startsWith('x-') && !(key === 'user-to-user' && prefix === 'SipHeader_')) continue;
    const entry = byKey.get(key);
    if (entry === undefined) byKey.set(key, { name, values: [value] });
    else entry.values.push(value);
  }
  const params: Record<string, string> = {};
  for (const { name, values } of byKey.values()) params[`${prefix}${name}`] = values.join(',');
  return params;
}
