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
  | 'registrationRateExceeded'
  | 'badRouteHeader'
  | 'invalidFlowToken'
  | 'flowFailed'
  | 'unresolvableTarget'
  | 'branchTimedOut'
  | 'branchUnreachable'
  | 'downstreamUnavailable'
  | 'dialNoAnswer'
  | 'requestTerminated';

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
  badRouteHeader: { status: 400, reason: 'Bad Route Header' },
  // RFC 5626 §5.3: a flow token that does not verify gets 403; a flow that no longer exists gets 430.
  invalidFlowToken: { status: 403, reason: 'Forbidden' },
  flowFailed: { status: 430, reason: 'Flow Failed' },
  // RFC 3263 §4.3 / RFC 3261 §8.1.3.1: no address for the target is a transport failure.
  unresolvableTarget: { status: 503, reason: 'Service Unavailable' },
  // RFC 3261 §16.8 / §8.1.3.1: a branch that timed out or failed to send acts as if it got 408 / 503.
  branchTimedOut: { status: 408, reason: 'Request Timeout' },
  branchUnreachable: { status: 503, reason: 'Service Unavailable' },
  // RFC 3261 §16.7 step 6: a 503 chosen as best response is forwarded as 500.
  downstreamUnavailable: { status: 500, reason: 'Server Internal Error' },
  dialNoAnswer: { status: 480, reason: 'Temporarily Unavailable' },
  requestTerminated: { status: 487, reason: 'Request Terminated' },
} as const satisfies Record<RejectionCode, { status: number; reason: string }>;

export interface Rejection {
  readonly code: RejectionCode;
  /** Extra headers the rule requires (Unsupported with 420, Allow with 405, Retry-After with 503). */
  readonly headers?: ReadonlyArray<{ readonly name: string; readonly value: string }>;
}
