/** Every limit of a TwiML fetch, with Twilio's values as defaults (reference §4.4, §10; error 11205). */
export interface WebhookLimits {
  /** One attempt to establish the TCP connection: "two 5-second attempts". */
  readonly connectAttemptTimeoutMs: number;
  readonly connectAttempts: number;
  /** From the first connection attempt to the last byte of the response, connecting included. */
  readonly totalTimeoutMs: number;
  /** A larger TwiML response is refused (11750). */
  readonly maxResponseBodyBytes: number;
  /** How much of a response body an alert keeps. */
  readonly alertBodyChars: number;
  /**
   * A kept-alive connection closes after this long unused: under the 5 s keep-alive timeout of
   * common servers, so a request rarely goes out on a connection the server is closing.
   */
  readonly idleConnectionTimeoutMs: number;
  readonly maxIdleConnectionsPerHost: number;
}

export const DEFAULT_WEBHOOK_LIMITS: WebhookLimits = {
  connectAttemptTimeoutMs: 5_000,
  connectAttempts: 2,
  totalTimeoutMs: 15_000,
  maxResponseBodyBytes: 64 * 1024,
  alertBodyChars: 1_024,
  idleConnectionTimeoutMs: 4_000,
  maxIdleConnectionsPerHost: 16,
};
