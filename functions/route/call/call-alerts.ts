import { recordAlert } from '../../shared/store/alert-store.js';
import type { WebhookAlert } from '../webhook/webhook-alerts.js';
import type { WebhookParams } from '../webhook/webhook-request.js';
import type { CallContext } from './call-context.js';

/** A failed request to the customer's web server, as a Debugger alert about the call. */
export async function recordWebhookAlert(
  ctx: CallContext,
  alert: WebhookAlert,
  params: WebhookParams,
): Promise<void> {
  await recordAlert(ctx.deps.store, {
    accountSid: ctx.call.accountSid,
    errorCode: alert.code,
    logLevel: 'error',
    alertText: alert.message,
    resourceSid: ctx.call.callSid,
    requestUrl: alert.url,
    requestMethod: alert.method,
    requestVariables: new URLSearchParams(params).toString(),
    responseBody: alert.responseBody ?? null,
    responseHeaders: null,
    nowMs: alert.atMs,
  });
}

/** A Twilio error or warning about the call that no HTTP request caused. */
export async function recordCallAlert(
  ctx: CallContext,
  alert: { readonly code: number; readonly logLevel: 'error' | 'warning'; readonly text: string },
): Promise<void> {
  await recordAlert(ctx.deps.store, {
    accountSid: ctx.call.accountSid,
    errorCode: alert.code,
    logLevel: alert.logLevel,
    alertText: alert.text,
    resourceSid: ctx.call.callSid,
    requestUrl: null,
    requestMethod: null,
    requestVariables: null,
    responseBody: null,
    responseHeaders: null,
    nowMs: ctx.deps.now(),
  });
}
