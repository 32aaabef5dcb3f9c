import { err, ok, type Result } from '#functions/shared/result.js';
import { twilioSignature } from '../../shared/twiml-bin/twilio-signature.js';
import type { HttpMethod } from '../twiml/twiml-document.js';
import type { TwimlRequest } from './webhook-request.js';

export const WEBHOOK_USER_AGENT = 'SipEdgeProxy/1.1';

/** One HTTP request, ready to send. */
export interface HttpExchange {
  readonly url: URL;
  readonly method: HttpMethod;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
}

/**
 * The HTTP request for a TwiML fetch: parameters as a form body (POST) or appended to the query
 * string (GET), signed over exactly the URL sent (reference §4.2). A `#fragment` is never sent.
 */
export function prepareRequest(request: TwimlRequest): Result<HttpExchange, string> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return err(`"${request.url}" is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return err(`"${url.protocol}" is not http or https`);
  url.hash = '';
  const form = new URLSearchParams(request.params).toString();
  const headers = { 'User-Agent': WEBHOOK_USER_AGENT };
  if (request.method === 'GET') {
    if (form !== '') url.search = url.search === '' ? form : `${url.search.slice(1)}&${form}`;
    const signature = twilioSignature(request.authToken, url.href, new URLSearchParams());
    return ok({ url, method: 'GET', headers: { ...headers, 'X-Twilio-Signature': signature }, body: null });
  }
  const signature = twilioSignature(request.authToken, url.href, new URLSearchParams(request.params));
  return ok({
    url,
    method: 'POST',
    headers: {
      ...headers,
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': signature,
    },
    body: form,
  });
}
