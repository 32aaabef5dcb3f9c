/** Error types DynamoDB asks clients to retry (throttling; 5xx are retried by status). */
const RETRYABLE_TYPES: ReadonlySet<string> = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'LimitExceededException',
]);

/** Network failures worth another attempt on a fresh connection. */
const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
]);

/**
 * A DynamoDB error response. `name` is the error type without its namespace, as the SDK names its
 * exceptions (e.g. `ConditionalCheckFailedException`), so callers test `error.name`.
 */
export class DynamoError extends Error {
  readonly statusCode: number;

  constructor(name: string, message: string, statusCode: number) {
    super(message);
    this.name = name;
    this.statusCode = statusCode;
  }

  static fromResponse(statusCode: number, body: Record<string, unknown>): DynamoError {
    const type = typeof body.__type === 'string' ? body.__type : 'UnknownError';
    const message = body.message ?? body.Message;
    return new DynamoError(
      type.slice(type.lastIndexOf('#') + 1),
      typeof message === 'string' ? message : `DynamoDB answered ${statusCode}`,
      statusCode,
    );
  }

  static timeout(timeoutMs: number): DynamoError {
    return new DynamoError('TimeoutError', `no response from DynamoDB within ${timeoutMs} ms`, 0);
  }
}

export function isRetryable(error: unknown): boolean {
  if (error instanceof DynamoError) {
    return error.statusCode === 0 || error.statusCode >= 500 || RETRYABLE_TYPES.has(error.name);
  }
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE_CODES.has(code);
}
