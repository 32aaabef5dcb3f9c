import { err, ok, type Result } from '../../shared/result.js';
import type { DomainRecord } from '../../shared/store/records.js';
import { recordCallAlert, recordWebhookAlert } from '../call/call-alerts.js';
import type { CallContext } from '../call/call-context.js';
import { type CallEnding, callEnding } from '../call/call-endings.js';
import { twimlFailure } from '../plan/twiml-fetch.js';
import { sipEdgeError } from '../respond.js';
import type { FetchedTwiml } from '../webhook/fetch-twiml.js';
import { fetchWithFallback } from '../webhook/fetch-with-fallback.js';
import type { WebhookTarget } from '../webhook/webhook-request.js';

const NO_VOICE_URL = { code: 11200, text: 'HTTP retrieval failure: the SIP Domain has no VoiceUrl' } as const;

/**
 * The domain's voice URL request (reference §4.1) and, when it fails, its fallback URL (§4.4); a
 * domain with only a fallback URL uses it directly. Every failure is recorded as an alert; when no
 * document could be had, the call ends with 500 and the last failure's Twilio code.
 */
export async function requestVoiceUrl(
  ctx: CallContext,
  domain: DomainRecord,
): Promise<Result<FetchedTwiml, CallEnding>> {
  const primary: WebhookTarget | null =
    domain.voiceUrl === null ? null : { url: domain.voiceUrl, method: domain.voiceMethod };
  const fallback: WebhookTarget | null =
    domain.voiceFallbackUrl === null
      ? null
      : { url: domain.voiceFallbackUrl, method: domain.voiceFallbackMethod };
  const first = primary ?? fallback;
  if (first === null) {
    await recordCallAlert(ctx, { ...NO_VOICE_URL, logLevel: 'error' });
    return err(callEnding('applicationError', [sipEdgeError(NO_VOICE_URL.code, NO_VOICE_URL.text)]));
  }
  const { params } = ctx.call;
  const outcome = await fetchWithFallback(
    { ...first, params, authToken: ctx.authToken },
    first === primary ? fallback : null,
    ctx.deps.twimlTransport,
    ctx.deps.settings.webhook,
    ctx.deps.now,
  );
  const [primaryAlert, fallbackAlert] = outcome.alerts;
  if (primaryAlert !== undefined) await recordWebhookAlert(ctx, primaryAlert, params);
  if (primaryAlert !== undefined && fallbackAlert !== undefined) {
    // The fallback request carried the primary's failure (fetchWithFallback).
    const errorParams = { ErrorCode: String(primaryAlert.code), ErrorUrl: primaryAlert.url };
    await recordWebhookAlert(ctx, fallbackAlert, { ...params, ...errorParams });
  }
  if (outcome.ok) return ok(outcome.fetched);
  return err(twimlFailure(fallbackAlert ?? outcome.alerts[0]));
}
