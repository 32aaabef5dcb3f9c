/**
 * Every protocol rejection the gateway makes, with its one status and reason phrase.
 * `satisfies` makes the compiler check that each code has exactly one entry.
 */
export type RejectionCode =
  | 'versionNotSupported'
  | 'unsupportedUriScheme'
  | 'tooManyHops'
  | 'loopDetected'
  | 'badExtension'
  | 'methodNotAllowed'
  | 'methodNotImplemented'
  | 'transactionDoesNotExist'
  | 'notFound'
  | 'overloaded'
  | 'handlerUnavailable'
  | 'handlerFailed'
  | 'shuttingDown'
  | 'authenticationBlocked'
  | 'registrationRateExceeded';

export const REJECTIONS = {
  versionNotSupported: { status: 505, reason: 'Version Not Supported' },
  unsupportedUriScheme: { status: 416, reason: 'Unsupported URI Scheme' },
  tooManyHops: { status: 483, reason: 'Too Many Hops' },
  loopDetected: { status: 482, reason: 'Loop Detected' },
  badExtension: { status: 420, reason: 'Bad Extension' },
  methodNotAllowed: { status: 405, reason: 'Method Not Allowed' },
  methodNotImplemented: { status: 501, reason: 'Not Implemented' },
  transactionDoesNotExist: { status: 481, reason: 'Call/Transaction Does Not Exist' },
  notFound: { status: 404, reason: 'Not Found' },
  overloaded: { status: 503, reason: 'Service Unavailable' },
  handlerUnavailable: { status: 503, reason: 'Service Unavailable' },
  handlerFailed: { status: 500, reason: 'Server Internal Error' },
  shuttingDown: { status: 503, reason: 'Service Unavailable' },
  authenticationBlocked: { status: 403, reason: 'Forbidden' },
  registrationRateExceeded: { status: 503, reason: 'Service Unavailable' },
} as const satisfies Record<RejectionCode, { status: number; reason: string }>;

export interface Rejection {
  readonly code: RejectionCode;
  /** Extra headers the rule requires (Unsupported with 420, Allow with 405, Retry-After with 503). */
  readonly headers?: ReadonlyArray<{ readonly name: string; readonly value: string }>;
}
