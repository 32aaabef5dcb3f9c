import type { DialOutcome } from '#sip/contract/handler-events.js';
import type { CallEnding } from '../call/call-endings.js';
import { DIAL_CALL_FINAL_STATUS } from '../call/call-records.js';
import { sipEdgeError } from '../respond.js';

/** Every way a `<Dial>` noun fails before anything is rung. */
export type DialFailureCode =
  | 'notRegistered'
  | 'edgeNotAllowed'
  | 'noUsername'
  | 'unknownDomain'
  | 'otherAccount'
  | 'noCarrierTrunk'
  | 'clientNotSupported';

export interface DialFailureRule {
  readonly twilioCode: number;
  readonly text: string;
  readonly logLevel: 'error' | 'warning';
  readonly dialCallStatus: DialOutcome['dialCallStatus'];
  /** The final response when nothing else is dialled (RFC 3261 §21). */
  readonly status: number;
  readonly reason: string;
}

/**
 * The one table from failure to alert, DialCallStatus and response (reference §6.5, §11).
 * An unregistered AOR is no-answer (as Twilio shows it: 0 s, alert 32009); the rest fail.
 */
export const DIAL_FAILURES = {
  notRegistered: {
    twilioCode: 32009,
    text: 'Dialing SIP Endpoint failure - User not registered',
    logLevel: 'warning',
    dialCallStatus: 'no-answer',
    status: 480,
    reason: 'Temporarily Unavailable',
  },
  edgeNotAllowed: {
    twilioCode: 32220,
    text: 'Specifying an edge is not allowed when dialing registered endpoints',
    logLevel: 'error',
    dialCallStatus: 'failed',
    status: 403,
    reason: 'Forbidden',
  },
  noUsername: {
    twilioCode: 32223,
    text: 'No username in SIP URI when calling a registered endpoint',
    logLevel: 'error',
    dialCallStatus: 'failed',
    status: 484,
    reason: 'Address Incomplete',
  },
  unknownDomain: {
    twilioCode: 32002,
    text: 'Dial failure - SIP Domain not found',
    logLevel: 'error',
    dialCallStatus: 'failed',
    status: 404,
    reason: 'Not Found',
  },
  otherAccount: {
    twilioCode: 32214,
    text: 'Invalid <Dial><Sip> to a SIP Domain of another account',
    logLevel: 'warning',
    dialCallStatus: 'failed',
    status: 403,
    reason: 'Forbidden',
  },
  // SipEdge reaches the PSTN through one configured trunk, as Twilio does through a BYOC trunk.
  noCarrierTrunk: {
    twilioCode: 32400,
    text: 'BYOC trunk routing failure: no carrier trunk is configured for <Number>',
    logLevel: 'error',
    dialCallStatus: 'failed',
    status: 404,
    reason: 'Not Found',
  },
  clientNotSupported: {
    twilioCode: 13215,
    text: 'Dial: Invalid nested element: SipEdge has no Voice SDK clients to ring for <Client>',
    logLevel: 'error',
    dialCallStatus: 'failed',
    status: 404,
    reason: 'Not Found',
  },
} as const satisfies Record<DialFailureCode, DialFailureRule>;

/** The failure that speaks for a `<Dial>` none of whose nouns could be rung: no-answer first. */
export function leadingFailure(failures: readonly DialFailureCode[]): DialFailureCode | null {
  return failures.find((code) => code === 'notRegistered') ?? failures[0] ?? null;
}

/** The DialOutcome of a `<Dial>` that failed before ringing anything. */
export function failedDialOutcome(code: DialFailureCode): DialOutcome {
  const rule = DIAL_FAILURES[code];
  return {
    dialCallStatus: rule.dialCallStatus,
    dialCallDurationSec: 0,
    sipResponseCode: rule.status,
    sipCallId: null,
    headers: [],
  };
}

/** The final response when nothing follows the failed `<Dial>`. */
export function dialFailureEnding(code: DialFailureCode): CallEnding {
  const rule = DIAL_FAILURES[code];
  return {
    status: rule.status,
    reason: rule.reason,
    callStatus: DIAL_CALL_FINAL_STATUS[rule.dialCallStatus],
    headers: [sipEdgeError(rule.twilioCode, rule.text)],
  };
}
