import { err, type Result } from '../../shared/result.js';
import { recordWebhookAlert } from '../call/call-alerts.js';
import type { CallContext } from '../call/call-context.js';
import { type CallEnding, callEnding } from '../call/call-endings.js';
import { sipEdgeError } from '../respond.js';
import { type FetchedTwiml, fetchTwiml } from '../webhook/fetch-twiml.js';
import type { WebhookAlert } from '../webhook/webhook-alerts.js';
import type { WebhookParams, WebhookTarget } from '../webhook/webhook-request.js';

/** Twilio's "too many redirects", reused for a chain of TwiML documents that does not end. */
const TOO_MANY_DOCUMENTS = 11215;

/** A URL written in a document, resolved against the document's own URL (as `<Redirect>` and `action` are). */
export function resolveUrl(url: string, documentUrl: string): string {
  try {
    return new URL(url, documentUrl).href;
  } catch {
    return url;
  }
}

/**
 * Requests TwiML for the call within the event's budget (`maxTwimlFetchesPerEvent`); every failure
 * is recorded as an alert about the call.
 */
export async function fetchCallTwiml(
  ctx: CallContext,
  target: WebhookTarget,
  params: WebhookParams,
): Promise<Result<FetchedTwiml, WebhookAlert>> {
  if (ctx.budget.fetchesLeft <= 0) {
    const limit = ctx.deps.settings.maxTwimlFetchesPerEvent;
    const alert: WebhookAlert = {
      code: TOO_MANY_DOCUMENTS,
      message: `Too many redirects: more than ${limit} TwiML documents in one step of the call`,
      ...target,
      atMs: ctx.deps.now(),
    };
    await recordWebhookAlert(ctx, alert, params);
    return err(alert);
  }
  ctx.budget.fetchesLeft -= 1;
  const request = { ...target, params, authToken: ctx.authToken };
  const fetched = await fetchTwiml(request, ctx.deps.twimlTransport, ctx.deps.settings.webhook, ctx.deps.now);
  if (!fetched.ok) await recordWebhookAlert(ctx, fetched.error, params);
  return fetched;
}

/** TwiML that could not be had: 500, naming the Twilio error. */
export const twimlFailure = (alert: WebhookAlert): CallEnding =>
  callEnding('applicationError', [sipEdgeError(alert.code, alert.message)]);
