import { err, ok, type Result } from '#functions/shared/result.js';
import type { HttpMethod, TwimlDocument } from '../twiml/twiml-document.js';
import { judgeReply } from './judge-reply.js';
import { prepareRequest } from './prepare-request.js';
import type { TwimlTransport } from './twiml-transport.js';
import { type AlertCause, failureCause, type WebhookAlert } from './webhook-alerts.js';
import type { WebhookLimits } from './webhook-limits.js';
import type { TwimlRequest } from './webhook-request.js';

/** A TwiML document and where it came from (relative URLs in it resolve against `url`). */
export interface FetchedTwiml {
  readonly document: TwimlDocument;
  /** The response body as received. */
  readonly body: string;
  readonly url: string;
  readonly method: HttpMethod;
}

/**
 * Requests TwiML the way Twilio does (reference §4): signed, form-encoded, with Twilio's timers and
 * size limit. Every expected failure is a `WebhookAlert` value, stamped with `now()`.
 */
export async function fetchTwiml(
  request: TwimlRequest,
  transport: TwimlTransport,
  limits: WebhookLimits,
  now: () => number,
): Promise<Result<FetchedTwiml, WebhookAlert>> {
  const alert = (cause: AlertCause): WebhookAlert => ({
    ...cause,
    url: request.url,
    method: request.method,
    atMs: now(),
  });
  const prepared = prepareRequest(request);
  if (!prepared.ok) return err(alert(failureCause('retrievalFailure', prepared.error)));
  const reply = await transport(prepared.value, limits);
  if (!reply.ok) return err(alert(reply.error));
  const judged = judgeReply(reply.value, limits);
  if (!judged.ok) return err(alert(judged.error));
  return ok({ ...judged.value, url: request.url, method: request.method });
}
