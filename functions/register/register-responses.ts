import {
  type AuthOutcome,
  HANDLER_CONTRACT_VERSION,
  type HeaderField,
  type RespondResult,
} from '#sip/contract/handler-events.js';
import { REGISTER_ERRORS, type RegisterError, type RegisterErrorCode } from './register-errors.js';
import type { RegistrarSettings } from './registrar-settings.js';

export interface ResponseExtras {
  readonly headers?: readonly HeaderField[];
  readonly auth?: AuthOutcome;
  readonly flowBinding?: RespondResult['flowBinding'];
}

function respond(status: number, reason: string, headers: readonly HeaderField[], extras: ResponseExtras) {
  const result: RespondResult = {
    version: HANDLER_CONTRACT_VERSION,
    action: 'respond',
    status,
    reason,
    headers,
    ...(extras.auth === undefined ? {} : { auth: extras.auth }),
    ...(extras.flowBinding === undefined ? {} : { flowBinding: extras.flowBinding }),
  };
  return result;
}

/** The response for a failed REGISTER, from the one error table. */
export function registerRejection(
  code: RegisterErrorCode,
  settings: RegistrarSettings,
  extras: ResponseExtras = {},
): RespondResult {
  const error: RegisterError = REGISTER_ERRORS[code];
  const headers = [...(extras.headers ?? []), ...(error.headers?.(settings) ?? [])];
  if (error.twilio !== null)
    headers.push({ name: 'X-SipEdge-Error', value: `${error.twilio.code} ${error.twilio.text}` });
  return respond(error.status, error.reason, headers, extras);
}

export function registerOk(extras: ResponseExtras): RespondResult {
  return respond(200, 'OK', extras.headers ?? [], extras);
}
