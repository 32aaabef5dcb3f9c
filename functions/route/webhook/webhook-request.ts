import type { HttpMethod } from '../twiml/twiml-document.js';

/** Webhook parameters: sent as a form body (POST) or query string (GET). */
export type WebhookParams = Readonly<Record<string, string>>;

/** Where a TwiML document is fetched from: a domain's voice URL or fallback URL, an action URL … */
export interface WebhookTarget {
  readonly url: string;
  readonly method: HttpMethod;
}

export interface TwimlRequest extends WebhookTarget {
  readonly params: WebhookParams;
  /** The account's auth token, the key of `X-Twilio-Signature` (reference §4.2). */
  readonly authToken: string;
}
