import { err, ok, type Result } from '../../shared/result.js';
import { sendHttp } from '../webhook/http-exchange.js';
import { prepareRequest } from '../webhook/prepare-request.js';
import { failureCause, type WebhookAlert } from '../webhook/webhook-alerts.js';
import type { TwimlRequest, WebhookParams } from '../webhook/webhook-request.js';
import { recordWebhookAlert } from './call-alerts.js';
import type { CallContext } from './call-context.js';
import { type CallEnd, callDurationSec } from './call-records.js';

/**
 * The status callback parameters: the call's parameters with its final CallStatus and CallDuration
 * (reference §4.3: inbound SIP calls get one callback, when they end).
 */
export function statusCallbackParams(params: WebhookParams, end: CallEnd): Record<string, string> {
  return {
    ...params,
    CallStatus: end.status,
    CallDuration: String(callDurationSec(end)),
    SipResponseCode: String(end.sipResponseCode),
    Timestamp: new Date(end.endedAtMs).toUTCString(),
    CallbackSource: 'call-progress-events',
    SequenceNumber: '0',
  };
}

/** Posts the domain's `voice_status_callback_url`, signed; any 2xx will do, a failure is an alert. */
export async function postStatusCallback(ctx: CallContext, end: CallEnd): Promise<void> {
  const target = ctx.call.statusCallback;
  if (target === null) return;
  const params = statusCallbackParams(ctx.call.params, end);
  const sent = await send({ ...target, params, authToken: ctx.authToken }, ctx);
  if (!sent.ok) await recordWebhookAlert(ctx, sent.error, params);
}

/** One signed request whose answer is not TwiML: any 2xx is success. */
async function send(request: TwimlRequest, ctx: CallContext): Promise<Result<void, WebhookAlert>> {
  const stamp = { url: request.url, method: request.method, atMs: ctx.deps.now() };
  const prepared = prepareRequest(request);
  if (!prepared.ok) return err({ ...failureCause('retrievalFailure', prepared.error), ...stamp });
  const reply = await sendHttp(prepared.value, ctx.deps.settings.webhook);
  if (!reply.ok) return err({ ...reply.error, ...stamp });
  const { status, body } = reply.value;
  if (status >= 200 && status <= 299) return ok(undefined);
  const response = { status, body: body.toString('utf8').slice(0, ctx.deps.settings.webhook.alertBodyChars) };
  return err({ ...failureCause('retrievalFailure', `HTTP ${status}`, response), ...stamp });
}
