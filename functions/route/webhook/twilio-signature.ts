import { createHmac } from 'node:crypto';
import type { WebhookParams } from './webhook-request.js';

/**
 * `X-Twilio-Signature` (reference §4.2): Base64(HMAC-SHA1(authToken, url + each parameter name,
 * in sorted order, followed by its value)). `url` is the full URL requested, query string included;
 * a GET carries its parameters in that query string, so it is signed with no `params`.
 */
export function twilioSignature(authToken: string, url: string, params: WebhookParams): string {
  let data = url;
  for (const name of Object.keys(params).sort()) data += name + params[name];
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}
