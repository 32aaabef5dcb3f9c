import type { HeaderField } from '#sip/contract/handler-events.js';
import type { RegistrarSettings } from './registrar-settings.js';

/** Every way a REGISTER can fail at the registrar. */
export type RegisterErrorCode =
  | 'malformedRequest'
  | 'ipAddressHost'
  | 'unknownDomain'
  | 'registrationDisabled'
  | 'noRegistrationCredentialList'
  | 'aorNotInDomain'
  | 'authenticationRequired'
  | 'credentialsRejected'
  | 'usernameMismatch'
  | 'invalidContact'
  | 'invalidExpires'
  | 'invalidWildcard'
  | 'invalidCseq'
  | 'intervalTooBrief'
  | 'tooManyBindings'
  | 'writeConflict';

export interface RegisterError {
  readonly status: number;
  readonly reason: string;
  /**
   * Twilio's error code and text, sent as `X-SipEdge-Error: <code> <text>`. Null for plain protocol
   * errors (RFC 3261 §10.3): Twilio documents no code for them, and their status and reason say it all.
   */
  readonly twilio: { readonly code: number; readonly text: string } | null;
  /** Headers the rule requires besides X-SipEdge-Error. */
  readonly headers?: (settings: RegistrarSettings) => readonly HeaderField[];
}

/** The one table from error to response; `satisfies` makes the compiler check it is exhaustive. */
export const REGISTER_ERRORS = {
  malformedRequest: { status: 400, reason: 'Bad Request', twilio: null },
  ipAddressHost: {
    status: 403,
    reason: 'Forbidden',
    twilio: { code: 32002, text: 'SIP Domain not found: register to a domain name, not an IP address' },
  },
  unknownDomain: { status: 404, reason: 'Not Found', twilio: { code: 32002, text: 'SIP Domain not found' } },
  registrationDisabled: {
    status: 403,
    reason: 'Forbidden',
    twilio: { code: 32210, text: 'Registration not enabled on this SIP Domain' },
  },
  noRegistrationCredentialList: {
    status: 403,
    reason: 'Forbidden',
    twilio: { code: 32212, text: 'No credential list mapped for registrations' },
  },
  // §10.3 step 5: the To URI names an AOR this domain does not handle.
  aorNotInDomain: { status: 404, reason: 'Not Found', twilio: null },
  // §22.1: first contact, or a stale nonce; the handler adds WWW-Authenticate.
  authenticationRequired: { status: 401, reason: 'Unauthorized', twilio: null },
  credentialsRejected: {
    status: 401,
    reason: 'Unauthorized',
    twilio: { code: 32202, text: 'Bad user credentials' },
  },
  usernameMismatch: {
    status: 403,
    reason: 'Forbidden',
    twilio: { code: 32106, text: 'Authorization name and username do not match' },
  },
  invalidContact: { status: 400, reason: 'Invalid Contact', twilio: null },
  invalidExpires: { status: 400, reason: 'Invalid Expires', twilio: null },
  // §10.3 step 6: "400 (Invalid Request)".
  invalidWildcard: { status: 400, reason: 'Invalid Request', twilio: null },
  invalidCseq: { status: 400, reason: 'Invalid CSeq', twilio: null },
  intervalTooBrief: {
    status: 423,
    reason: 'Interval Too Brief',
    twilio: null,
    headers: (s) => [{ name: 'Min-Expires', value: String(s.minExpiresSec) }],
  },
  tooManyBindings: {
    status: 403,
    reason: 'Too Many Bindings',
    twilio: { code: 32007, text: 'Too many registered endpoints for this AOR' },
  },
  writeConflict: {
    status: 500,
    reason: 'Server Internal Error',
    twilio: null,
    headers: (s) => [{ name: 'Retry-After', value: String(s.retryAfterSec) }],
  },
} as const satisfies Record<RegisterErrorCode, RegisterError>;
