import type { Result } from '#functions/shared/result.js';
import { type HttpReply, sendHttp } from './http-exchange.js';
import type { HttpExchange } from './prepare-request.js';
import type { AlertCause } from './webhook-alerts.js';
import type { WebhookLimits } from './webhook-limits.js';

/** How a signed TwiML request reaches its server and the server's reply comes back. */
export type TwimlTransport = (
  request: HttpExchange,
  limits: WebhookLimits,
) => Promise<Result<HttpReply, AlertCause>>;

export const overHttp: TwimlTransport = sendHttp;
