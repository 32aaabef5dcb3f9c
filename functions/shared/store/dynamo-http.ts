import http from 'node:http';
import https from 'node:https';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { DynamoError, isRetryable } from './dynamo-error.js';
import { DYNAMO_HTTP_DEFAULTS, type DynamoHttpSettings } from './dynamo-http-settings.js';
import { type AwsCredentials, SigningKeyCache, signPost } from './sigv4.js';

/** The DynamoDB operations SipEdge uses; each is an IAM action of the same name. */
export type DynamoOperation =
  | 'GetItem'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'Query'
  | 'CreateTable'
  | 'DescribeTable';

/** One DynamoDB JSON-protocol call: the request body in, the response body out (wire format). */
export type DynamoCall = (operation: DynamoOperation, body: object) => Promise<Record<string, unknown>>;

export interface DynamoHttpOptions {
  readonly region: string;
  /** e.g. dynalite's `http://127.0.0.1:4567`; default the region's public endpoint. */
  readonly endpoint?: string | undefined;
  /** Default: the SDK's credential chain (environment, container, instance role, …). */
  readonly credentials?: () => Promise<AwsCredentials>;
  readonly settings?: DynamoHttpSettings;
  /** Called once per HTTP attempt (cost measurements and metrics). */
  readonly onAttempt?: (operation: DynamoOperation) => void;
}

/**
 * DynamoDB over its JSON protocol: SigV4-signed POSTs on keep-alive connections, with the SDK's
 * credential chain but without the SDK's per-request middleware stack, which costs about 0.3 ms
 * of CPU per call (bench/README.md). Throttling, 5xx and network errors are retried
 * with capped exponential backoff and full jitter, like the SDK's standard retry mode.
 */
export function createDynamoHttp(options: DynamoHttpOptions): DynamoCall {
  const settings = options.settings ?? DYNAMO_HTTP_DEFAULTS;
  const url = new URL(options.endpoint ?? `https://dynamodb.${options.region}.amazonaws.com`);
  const secure = url.protocol === 'https:';
  const agent = new (secure ? https : http).Agent({ keepAlive: true, maxSockets: settings.maxSockets });
  const credentials = options.credentials ?? defaultProvider();
  const keys = new SigningKeyCache();

  const attempt = async (operation: DynamoOperation, payload: string) => {
    options.onAttempt?.(operation);
    const headers = signPost(
      {
        host: url.host,
        region: options.region,
        service: 'dynamodb',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': `DynamoDB_20120810.${operation}`,
        },
        payload,
        nowMs: Date.now(),
      },
      await credentials(),
      keys,
    );
    return post(secure, agent, url, headers, payload, settings.requestTimeoutMs);
  };

  return async (operation, body) => {
    const payload = JSON.stringify(body);
    for (let attemptNo = 1; ; attemptNo++) {
      try {
        const { status, text } = await attempt(operation, payload);
        const parsed = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
        if (status === 200) return parsed;
        throw DynamoError.fromResponse(status, parsed);
      } catch (error) {
        if (attemptNo >= settings.maxAttempts || !isRetryable(error)) throw error;
        const capMs = Math.min(settings.maxBackoffMs, settings.baseBackoffMs * 2 ** (attemptNo - 1));
        await new Promise((resolve) => setTimeout(resolve, Math.random() * capMs));
      }
    }
  };
}

function post(
  secure: boolean,
  agent: http.Agent,
  url: URL,
  headers: Record<string, string>,
  payload: string,
  timeoutMs: number,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = (secure ? https : http).request(
      {
        agent,
        hostname: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/',
        headers: { ...headers, 'content-length': Buffer.byteLength(payload) },
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    request.on('timeout', () => request.destroy(DynamoError.timeout(timeoutMs)));
    request.on('error', reject);
    request.end(payload);
  });
}
