/** Limits of the DynamoDB HTTP client (functions/shared/store/dynamo-http.ts). */
export interface DynamoHttpSettings {
  /** Attempts per call, the first included (the SDK's standard retry mode uses 3). */
  readonly maxAttempts: number;
  /** Backoff before retry n is random in [0, min(maxBackoffMs, baseBackoffMs * 2^(n-1))). */
  readonly baseBackoffMs: number;
  readonly maxBackoffMs: number;
  /** An attempt with no response activity for this long is abandoned (and retried). */
  readonly requestTimeoutMs: number;
  /** Keep-alive connections per client. */
  readonly maxSockets: number;
}

export const DYNAMO_HTTP_DEFAULTS: DynamoHttpSettings = {
  maxAttempts: 3,
  baseBackoffMs: 50,
  maxBackoffMs: 1_000,
  requestTimeoutMs: 5_000,
  maxSockets: 64,
};
