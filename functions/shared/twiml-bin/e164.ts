import { parseUri } from '#sip/message/uri/parse-uri.js';

/** Visual separators a dialled number may contain (RFC 3966 §5.1.1). */
const VISUAL_SEPARATORS = /[\s\-.()]/g;
/** An international number: at most 15 digits (ITU-T E.164 §6.1), with or without the leading "+". */
const INTERNATIONAL = /^\+?[0-9]{1,15}$/;

/**
 * The `e164` template function: the number in a SIP or tel URI (or in plain text), as `+<digits>`.
 * Reference §5.7 shows only `sip:+15125551212@…` → `+15125551212`; the rest is SipEdge's choice:
 * digits without "+" are taken to include the country code (`sip:14155551212@…` → `+14155551212`),
 * and a user part that is not a number (`sip:alice@…`) comes back unchanged, so the `<Dial>` that
 * uses it fails visibly instead of calling a wrong number.
 */
export function toE164(text: string): string {
  const trimmed = text.trim();
  const uri = parseUri(trimmed);
  const user = !uri.ok
    ? trimmed
    : 'user' in uri.value
      ? (uri.value.user ?? '')
      : 'number' in uri.value
        ? uri.value.number
        : trimmed;
  const digits = user.replace(VISUAL_SEPARATORS, '');
  return INTERNATIONAL.test(digits) ? `+${digits.replace(/^\+/, '')}` : user;
}
