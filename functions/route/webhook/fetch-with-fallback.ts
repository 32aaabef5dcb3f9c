import { type FetchedTwiml, fetchTwiml } from './fetch-twiml.js';
import type { TwimlTransport } from './twiml-transport.js';
import type { WebhookAlert } from './webhook-alerts.js';
import type { WebhookLimits } from './webhook-limits.js';
import type { TwimlRequest, WebhookTarget } from './webhook-request.js';

/** The document, if any fetch succeeded, and every alert raised on the way (all to be recorded). */
export type FallbackOutcome =
  | { readonly ok: true; readonly fetched: FetchedTwiml; readonly alerts: readonly WebhookAlert[] }
  | { readonly ok: false; readonly alerts: readonly [WebhookAlert, ...WebhookAlert[]] };

/**
 * Fetches the primary URL and, on any failure, the fallback URL (reference §4.4) with the same
 * parameters plus `ErrorCode` and `ErrorUrl`, "indicating the error code of the failure and what URL
 * the failure occurred on" (Twilio, Availability and Reliability).
 */
export async function fetchWithFallback(
  primary: TwimlRequest,
  fallback: WebhookTarget | null,
  transport: TwimlTransport,
  limits: WebhookLimits,
  now: () => number,
): Promise<FallbackOutcome> {
  const first = await fetchTwiml(primary, transport, limits, now);
  if (first.ok) return { ok: true, fetched: first.value, alerts: [] };
  if (fallback === null) return { ok: false, alerts: [first.error] };
  const params = { ...primary.params, ErrorCode: String(first.error.code), ErrorUrl: primary.url };
  const second = await fetchTwiml(
    { ...fallback, params, authToken: primary.authToken },
    transport,
    limits,
    now,
  );
  if (second.ok) return { ok: true, fetched: second.value, alerts: [first.error] };
  return { ok: false, alerts: [first.error, second.error] };
}
