import type { ApiResponse } from '../api-types.js';

/**
 * Twilio error codes this API returns, each with its HTTP status (reference §11). One table, so a
 * code never appears with two statuses.
 */
export const TWILIO_ERRORS = {
  invalidParameter: { code: 20001, status: 400 },
  authenticate: { code: 20003, status: 401 },
  methodNotAllowed: { code: 20004, status: 405 },
  notFound: { code: 20404, status: 404 },
  internal: { code: 20500, status: 500 },
  maxDomains: { code: 21230, status: 400 },
  domainValidation: { code: 21231, status: 400 },
  invalidDomain: { code: 21232, status: 400 },
  domainHasSubdomains: { code: 21233, status: 400 },
  aclValidation: { code: 21235, status: 400 },
  aclStillMapped: { code: 21236, status: 400 },
  maxIpAddresses: { code: 21237, status: 400 },
  addressValidation: { code: 21238, status: 400 },
  maxCredentialLists: { code: 21239, status: 400 },
  credentialListValidation: { code: 21240, status: 400 },
  credentialListStillMapped: { code: 21241, status: 400 },
  maxCredentials: { code: 21242, status: 400 },
  maxIpAcls: { code: 21255, status: 400 },
} as const satisfies Record<string, { code: number; status: number }>;

export type TwilioErrorKind = keyof typeof TWILIO_ERRORS;

/** Twilio's error JSON: `{ code, message, more_info, status }`. */
export function apiError(kind: TwilioErrorKind, message: string): ApiResponse {
  const { code, status } = TWILIO_ERRORS[kind];
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}
