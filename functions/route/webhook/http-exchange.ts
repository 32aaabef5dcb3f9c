import http, { type ClientRequest, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { err, ok, type Result } from '#functions/shared/result.js';
import type { HttpExchange } from './prepare-request.js';
import { webhookAgent } from './webhook-agents.js';
import { type AlertCause, failureCause, type WebhookFailureCode } from './webhook-alerts.js';
import type { WebhookLimits } from './webhook-limits.js';

/** A complete HTTP response, its body cut at `maxResponseBodyBytes`. */
export interface HttpReply {
  readonly status: number;
  readonly contentType: string | null;
  readonly body: Buffer;
  /** The body was longer than `maxResponseBodyBytes` (it was not read further). */
  readonly overLimit: boolean;
}

/** Name resolution failed: the host, not the connection, is wrong. */
const DNS_ERRORS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);

/** Node's certificate verification codes, by what Twilio reports (11235–11237). */
const CERTIFICATE_ERRORS: Readonly<Record<string, WebhookFailureCode>> = {
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificateDomainMismatch',
  CERT_HAS_EXPIRED: 'certificateExpired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'certificateUntrusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'certificateUntrusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certificateUntrusted',
  UNABLE_TO_GET_ISSUER_CERT: 'certificateUntrusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'certificateUntrusted',
};

function classify(error: NodeJS.ErrnoException): WebhookFailureCode {
  const code = error.code ?? '';
  if (DNS_ERRORS.has(code)) return 'badHostName';
  const certificate = CERTIFICATE_ERRORS[code];
  if (certificate !== undefined) return certificate;
  if (code === 'EPROTO' || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) return 'tlsHandshake';
  return 'connectionFailure';
}

/** A kept-alive connection the server closed just as the request went out on it. */
const STALE_CONNECTION_ERRORS = new Set(['ECONNRESET', 'EPIPE']);

/**
 * Sends one request with Twilio's timers (error 11205): each TCP connection attempt may take
 * `connectAttemptTimeoutMs`, up to `connectAttempts` attempts, and everything — resolving,
 * connecting, sending and reading the response — must finish within `totalTimeoutMs`. Only a
 * connection that was never established is retried, or a kept-alive one the server closed before
 * it answered (RFC 9112 §9.3.1: retried on a new connection). A connection is reused only after a
 * complete response.
 */
export function sendHttp(
  request: HttpExchange,
  limits: WebhookLimits,
): Promise<Result<HttpReply, AlertCause>> {
  return new Promise((resolve) => {
    let settled = false;
    let current: ClientRequest | null = null;
    /** `reusable`: the response was read to its end, so its connection may serve the next request. */
    const finish = (result: Result<HttpReply, AlertCause>, reusable = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(total);
      if (!reusable) current?.destroy();
      resolve(result);
    };
    const total = setTimeout(
      () => finish(err(failureCause('connectionFailure', `no response within ${limits.totalTimeoutMs} ms`))),
      limits.totalTimeoutMs,
    );

    const attempt = (attemptNumber: number) => {
      const protocol = request.url.protocol === 'https:' ? 'https:' : 'http:';
      const send = protocol === 'https:' ? https.request : http.request;
      const headers =
        request.body === null
          ? request.headers
          : { ...request.headers, 'Content-Length': String(Buffer.byteLength(request.body)) };
      const agent = webhookAgent(protocol, limits);
      const req = send(request.url, { method: request.method, headers, agent });
      current = req;
      let connected = false;
      let answered = false;
      const connectTimeout = new Error(`no TCP connection within ${limits.connectAttemptTimeoutMs} ms`);
      const connectTimer = setTimeout(() => req.destroy(connectTimeout), limits.connectAttemptTimeoutMs);
      req.once('socket', (socket) => {
        const onConnect = () => {
          connected = true;
          clearTimeout(connectTimer);
        };
        if (socket.connecting) socket.once('connect', onConnect);
        else onConnect();
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(connectTimer);
        if (settled) return;
        if (req.reusedSocket && !answered && STALE_CONNECTION_ERRORS.has(error.code ?? '')) {
          attempt(attemptNumber);
          return;
        }
        const kind = error === connectTimeout ? 'connectionFailure' : classify(error);
        if (!connected && kind === 'connectionFailure' && attemptNumber < limits.connectAttempts) {
          attempt(attemptNumber + 1);
          return;
        }
        finish(err(failureCause(kind, error.message)));
      });
      req.once('response', (response) => {
        answered = true;
        readReply(response, limits, finish);
      });
      req.end(request.body ?? undefined);
    };
    attempt(1);
  });
}

/** Reads the body up to the limit; a body over it ends the exchange at once. */
function readReply(
  response: IncomingMessage,
  limits: WebhookLimits,
  finish: (result: Result<HttpReply, AlertCause>, reusable?: boolean) => void,
): void {
  const status = response.statusCode ?? 0;
  const contentType = response.headers['content-type'] ?? null;
  const chunks: Buffer[] = [];
  let size = 0;
  const reply = (overLimit: boolean) => {
    const body = Buffer.concat(chunks);
    const result = ok({
      status,
      contentType,
      body: body.subarray(0, limits.maxResponseBodyBytes),
      overLimit,
    });
    finish(result, !overLimit);
  };
  if (Number(response.headers['content-length']) > limits.maxResponseBodyBytes) {
    reply(true);
    return;
  }
  response.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
    if (size > limits.maxResponseBodyBytes) reply(true);
  });
  response.once('end', () => reply(false));
  response.once('error', (error) => finish(err(failureCause('connectionFailure', error.message))));
  response.once('close', () => {
    if (!response.complete) finish(err(failureCause('connectionFailure', 'connection closed mid-response')));
  });
}
