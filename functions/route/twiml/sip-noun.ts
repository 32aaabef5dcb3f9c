import { err, ok, type Result } from '#functions/shared/result.js';
import type { HeaderField } from '#sip/contract/handler-events.js';
import { NO_PARAMS } from '#sip/message/header-params.js';
import { isControl, isToken } from '#sip/message/syntax.js';
import { parseUri } from '#sip/message/uri/parse-uri.js';
import { nounCallbacks } from './twiml-attributes.js';
import type { SipNoun } from './twiml-document.js';
import { type TwimlError, twimlError } from './twiml-errors.js';
import type { TwimlLimits } from './twiml-limits.js';
import { textOf, type XmlElement } from './xml-tree.js';

const TRANSPORTS = new Set(['udp', 'tcp', 'tls']);

/** Headers without the X- prefix that `<Sip>` may still set (reference §5.2): UUI and identity headers. */
const NON_X_HEADERS = new Set([
  'user-to-user',
  'remote-party-id',
  'p-preferred-identity',
  'p-called-party-id',
]);

/**
 * `<Sip>sip:user@host;transport=tcp?X-Foo=bar</Sip>`: a sip/sips URI under 255 characters whose
 * headers part, under 1024 characters, lists headers for the outgoing INVITE (reference §5.2).
 */
export function parseSipNoun(element: XmlElement, limits: TwimlLimits): Result<SipNoun, TwimlError> {
  const text = textOf(element);
  const at = text.indexOf('@');
  const question = text.indexOf('?', at + 1);
  const uriChars = question === -1 ? text.length : question;
  if (uriChars === 0) return err(twimlError('sipInvalidUri', '<Sip> has no URI'));
  if (uriChars > limits.maxSipUriChars) {
    return err(twimlError('sipInvalidUri', `<Sip> URI is ${uriChars} characters long`));
  }
  if (question !== -1 && text.length - question - 1 > limits.maxSipUriHeadersChars) {
    return err(
      twimlError('sipHeadersTooLong', `<Sip> URI headers are ${text.length - question - 1} characters long`),
    );
  }
  const parsed = parseUri(text);
  if (!parsed.ok) return err(twimlError('sipInvalidUri', `<Sip> ${parsed.error}`));
  const uri = parsed.value;
  if ('raw' in uri || uri.scheme === 'tel') {
    return err(twimlError('sipInvalidUri', `<Sip> URI scheme "${uri.scheme}" is not sip or sips`));
  }
  const transport = uri.params.find(([name]) => name === 'transport')?.[1];
  if (transport !== undefined && !TRANSPORTS.has(transport?.toLowerCase() ?? '')) {
    return err(twimlError('sipInvalidUri', `<Sip> transport "${transport}" is not udp, tcp or tls`));
  }
  const headers: HeaderField[] = [];
  for (const [name, value] of uri.headers) {
    const header = checkHeader(name, value ?? '');
    if (!header.ok) return header;
    headers.push(header.value);
  }
  const credentials = checkCredentials(element, limits);
  if (!credentials.ok) return credentials;
  const callbacks = nounCallbacks(element, 'sipInvalidMethod');
  if (!callbacks.ok) return callbacks;
  return ok({
    kind: 'sip',
    uri: { ...uri, headers: NO_PARAMS },
    headers,
    ...credentials.value,
    ...callbacks.value,
  });
}

/** One `name=value` of the URI's headers part, %-decoded by `parseUri`. */
function checkHeader(name: string, value: string): Result<HeaderField, TwimlError> {
  if (!isToken(name)) return err(twimlError('sipHeaderNameIllegalChars', `<Sip> header name "${name}"`));
  // Decoded %0D%0A would split the INVITE's header section: no control characters but HTAB.
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code !== 0x09 && isControl(code)) {
      return err(twimlError('sipHeaderValueIllegalChars', `<Sip> header ${name} has a control character`));
    }
  }
  const key = name.toLowerCase();
  if (key.startsWith('x-twilio')) return err(twimlError('sipHeaderNotAllowed', `<Sip> header ${name}`));
  if (!key.startsWith('x-') && !NON_X_HEADERS.has(key)) {
    return err(twimlError('sipInvalidHeaderName', `<Sip> header ${name} is neither an X- header nor UUI`));
  }
  return ok({ name, value });
}

/** `username` and `password` go together, each non-empty and under 256 characters (21221, 21223). */
function checkCredentials(
  element: XmlElement,
  limits: TwimlLimits,
): Result<{ username: string | null; password: string | null }, TwimlError> {
  const username = element.attributes.get('username') ?? null;
  const password = element.attributes.get('password') ?? null;
  if (username === null && password === null) return ok({ username, password });
  const fine = (value: string | null) =>
    value !== null && value.length > 0 && value.length <= limits.maxSipCredentialChars;
  if (fine(username) && fine(password)) return ok({ username, password });
  return err(
    twimlError('sipInvalidCredentials', '<Sip> needs both username and password, each 1–255 characters'),
  );
}
