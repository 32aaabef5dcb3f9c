/**
 * Every way a TwiML document can be refused, with the one Twilio error code and title it is
 * reported as (reference §11; titles from Twilio's error dictionary). `satisfies` makes the
 * compiler check that each error has exactly one entry.
 */
export type TwimlErrorCode =
  | 'documentParseFailure'
  | 'rootNotResponse'
  | 'schemaValidation'
  | 'dialInvalidMethod'
  | 'dialInvalidTimeout'
  | 'dialInvalidCallerId'
  | 'dialInvalidNestedElement'
  | 'dialInvalidTimeLimit'
  | 'dialInvalidAnswerOnBridge'
  | 'numberInvalidMethod'
  | 'numberInvalidFormat'
  | 'sipInvalidMethod'
  | 'sipInvalidUri'
  | 'sipInvalidCredentials'
  | 'sipInvalidHeaderName'
  | 'sipHeadersTooLong'
  | 'sipHeaderNameIllegalChars'
  | 'sipHeaderValueIllegalChars'
  | 'sipHeaderNotAllowed'
  | 'redirectInvalidMethod'
  | 'rejectInvalidReason'
  | 'pauseInvalidLength';

export const TWIML_ERRORS = {
  documentParseFailure: { twilioCode: 12100, message: 'Document parse failure' },
  rootNotResponse: { twilioCode: 12102, message: 'The root element must be Response' },
  schemaValidation: { twilioCode: 12200, message: 'Schema validation warning' },
  dialInvalidMethod: { twilioCode: 13210, message: 'Dial: Invalid method value' },
  dialInvalidTimeout: { twilioCode: 13212, message: 'Dial: Invalid timeout value' },
  dialInvalidCallerId: { twilioCode: 13214, message: 'Dial: Invalid callerId value' },
  dialInvalidNestedElement: { twilioCode: 13215, message: 'Dial: Invalid nested element' },
  dialInvalidTimeLimit: { twilioCode: 13216, message: 'Invalid timeLimit value' },
  dialInvalidAnswerOnBridge: { twilioCode: 13219, message: 'Dial: Invalid answerOnBridge value' },
  numberInvalidMethod: { twilioCode: 13221, message: 'Dial->Number: Invalid method value' },
  numberInvalidFormat: { twilioCode: 13223, message: 'Dial: Invalid phone number format' },
  sipInvalidMethod: { twilioCode: 13241, message: 'Dial->SIP: Invalid method value' },
  sipInvalidUri: { twilioCode: 13243, message: 'Dial->SIP: Invalid SIP URI' },
  sipInvalidCredentials: { twilioCode: 13249, message: 'Dial: Invalid username or password attribute' },
  sipInvalidHeaderName: { twilioCode: 13252, message: 'Dial: Invalid header name' },
  sipHeadersTooLong: {
    twilioCode: 21227,
    message: 'Headers portion of SIP URI must be fewer than 1024 chars',
  },
  sipHeaderNameIllegalChars: {
    twilioCode: 21228,
    message: 'Invalid SIP Header. Illegal chars in header name',
  },
  sipHeaderValueIllegalChars: {
    twilioCode: 21229,
    message: 'Invalid SIP Header. Illegal chars in header value',
  },
  sipHeaderNotAllowed: { twilioCode: 32113, message: 'SIP: Header name is not allowed' },
  redirectInvalidMethod: { twilioCode: 13710, message: 'Redirect: Invalid method value' },
  rejectInvalidReason: { twilioCode: 13810, message: 'Reject: Invalid cause' },
  pauseInvalidLength: { twilioCode: 13910, message: 'Pause: Invalid length value' },
} as const satisfies Record<TwimlErrorCode, { twilioCode: number; message: string }>;

export interface TwimlError {
  readonly code: TwimlErrorCode;
  /** What exactly was wrong, naming the element or attribute. */
  readonly detail: string;
}

export const twimlError = (code: TwimlErrorCode, detail: string): TwimlError => ({ code, detail });
