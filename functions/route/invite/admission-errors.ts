/** Every way an INVITE is refused before a call exists (reference §3). */
export type AdmissionErrorCode =
  | 'malformedRequest'
  | 'unknownDomain'
  | 'noCallAuthentication'
  | 'ipNotAllowed'
  | 'authenticationRequired'
  | 'credentialsRejected';

export interface AdmissionError {
  readonly status: number;
  readonly reason: string;
  /** Twilio's error code and text, sent as `X-SipEdge-Error`; null where Twilio has none. */
  readonly twilio: { readonly code: number; readonly text: string } | null;
  /** Sent as a Warning when no Twilio code says what is wrong. */
  readonly warning?: string;
}

/** The one table from refusal to response; `satisfies` makes the compiler check it is exhaustive. */
export const ADMISSION_ERRORS = {
  malformedRequest: { status: 400, reason: 'Bad Request', twilio: null },
  unknownDomain: { status: 404, reason: 'Not Found', twilio: { code: 32002, text: 'SIP Domain not found' } },
  // Twilio: "You must configure a minimum of either an Access Control List or a credential list."
  noCallAuthentication: {
    status: 403,
    reason: 'Forbidden',
    twilio: null,
    warning: 'no IP access control list or credential list is mapped to this SIP Domain for calls',
  },
  ipNotAllowed: {
    status: 403,
    reason: 'Forbidden',
    twilio: { code: 32201, text: 'Source IP address not in ACL' },
  },
  // RFC 3261 §22.3: a proxy challenges with 407; the handler adds Proxy-Authenticate.
  authenticationRequired: { status: 407, reason: 'Proxy Authentication Required', twilio: null },
  credentialsRejected: {
    status: 407,
    reason: 'Proxy Authentication Required',
    twilio: { code: 32202, text: 'Bad user credentials' },
  },
} as const satisfies Record<AdmissionErrorCode, AdmissionError>;
