import type { HttpMethod } from '../twiml/twiml-document.js';

/**
 * Every way fetching TwiML can fail before the document is parsed, with the one Twilio error code
 * and title it is reported as (reference §4.4, §11). Parse failures use `TWIML_ERRORS`.
 */
export type WebhookFailureCode =
  | 'retrievalFailure'
  | 'connectionFailure'
  | 'badHostName'
  | 'tlsHandshake'
  | 'certificateDomainMismatch'
  | 'certificateExpired'
  | 'certificateUntrusted'
  | 'responseTooLarge'
  | 'invalidContentType';

export const WEBHOOK_FAILURES = {
  retrievalFailure: { twilioCode: 11200, message: 'HTTP retrieval failure' },
  connectionFailure: { twilioCode: 11205, message: 'HTTP connection failure' },
  badHostName: { twilioCode: 11210, message: 'HTTP bad host name' },
  tlsHandshake: { twilioCode: 11220, message: 'SSL/TLS Handshake Error' },
  certificateDomainMismatch: { twilioCode: 11235, message: 'Certificate Invalid - Domain Mismatch' },
  certificateExpired: { twilioCode: 11236, message: 'Certificate Invalid - Certificate Expired' },
  certificateUntrusted: {
    twilioCode: 11237,
    message: 'Certificate Invalid - Could not find path to certificate',
  },
  responseTooLarge: { twilioCode: 11750, message: 'TwiML response body too large' },
  invalidContentType: { twilioCode: 12300, message: 'Invalid Content-Type' },
} as const satisfies Record<WebhookFailureCode, { twilioCode: number; message: string }>;

/** What went wrong, before the request it concerns is attached. */
export interface AlertCause {
  /** Twilio's error code. */
  readonly code: number;
  /** Twilio's title, then the detail: `HTTP retrieval failure: HTTP 500`. */
  readonly message: string;
  readonly responseStatus?: number;
  /** Truncated to `WebhookLimits.alertBodyChars`. */
  readonly responseBody?: string;
}

/** A failed fetch, for the caller to record as an Alert (Twilio's Debugger notification). */
export interface WebhookAlert extends AlertCause {
  readonly url: string;
  readonly method: HttpMethod;
  readonly atMs: number;
}

export function failureCause(
  code: WebhookFailureCode,
  detail: string,
  response?: { readonly status: number; readonly body: string },
): AlertCause {
  const { twilioCode, message } = WEBHOOK_FAILURES[code];
  return {
    code: twilioCode,
    message: `${message}: ${detail}`,
    ...(response === undefined ? {} : { responseStatus: response.status, responseBody: response.body }),
  };
}
