/** Every limit and default of TwiML parsing, with Twilio's values (reference §5, §10). */
export interface TwimlLimits {
  readonly dialTimeoutDefaultSeconds: number;
  /** A `timeout` outside [min, max] is brought into range (Twilio's documented bounds). */
  readonly dialTimeoutMinSeconds: number;
  readonly dialTimeoutMaxSeconds: number;
  readonly dialTimeLimitDefaultSeconds: number;
  /** `<Sip>`, `<Number>` and `<Client>` nouns in one `<Dial>`. */
  readonly maxDialNouns: number;
  /** The SIP URI without its headers part must be shorter than 255 characters. */
  readonly maxSipUriChars: number;
  /** The headers part (after `?`) must be shorter than 1024 characters (21227). */
  readonly maxSipUriHeadersChars: number;
  /** `username` / `password` of `<Sip>` must be shorter than 256 characters (21221, 21223). */
  readonly maxSipCredentialChars: number;
  readonly maxClientIdentityChars: number;
  readonly pauseDefaultSeconds: number;
}

export const DEFAULT_TWIML_LIMITS: TwimlLimits = {
  dialTimeoutDefaultSeconds: 30,
  dialTimeoutMinSeconds: 5,
  dialTimeoutMaxSeconds: 600,
  dialTimeLimitDefaultSeconds: 14_400,
  maxDialNouns: 10,
  maxSipUriChars: 254,
  maxSipUriHeadersChars: 1023,
  maxSipCredentialChars: 255,
  maxClientIdentityChars: 256,
  pauseDefaultSeconds: 1,
};
