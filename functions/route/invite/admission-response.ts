import type { RespondResult } from '#sip/contract/handler-events.js';
import { respond, sipEdgeError, warning } from '../respond.js';
import { ADMISSION_ERRORS, type AdmissionError } from './admission-errors.js';
import type { AdmissionFailure } from './admit-invite.js';

/** The response refusing an INVITE, from the one table; `agent` names SipEdge in a Warning. */
export function admissionRejection(failure: AdmissionFailure, agent: string): RespondResult {
  const error: AdmissionError = ADMISSION_ERRORS[failure.code];
  const headers = [...(failure.headers ?? [])];
  if (error.twilio !== null) headers.push(sipEdgeError(error.twilio.code, error.twilio.text));
  if (error.warning !== undefined) headers.push(warning(agent, error.warning));
  return respond(error.status, error.reason, headers, failure.auth);
}
