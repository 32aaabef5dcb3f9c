import { createHmac } from 'node:crypto';

/**
 * `X-Twilio-Signature` (reference §4.2): Base64(HMAC-SHA1(authToken, url + name + value …)), names
 * sorted, each name's distinct values sorted, as Twilio's validators compute it.
 */
export function twilioSignature(authToken: string, url: string, params: URLSearchParams): string {
  let data = url;
  for (const name of [...new Set(params.keys())].sort()) {
    for (const value of [...new Set(params.getAll(name))].sort()) data += name + value;
  }
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

const AUTHORITY = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/is;

/**
 * The signatures a request to `url` may carry: Twilio's validators accept the URL both without a
 * port and with one (the default port added when absent), "since sig generation on back end is
 * inconsistent" (reference §4.2).
 */
export function acceptedTwilioSignatures(authToken: string, url: string, params: URLSearchParams): string[] {
  const parts = AUTHORITY.exec(url);
  if (parts === null) return [twilioSignature(authToken, url, params)];
  const [, scheme = '', authority = '', rest = ''] = parts;
  const portAt = authority.indexOf(':', authority.lastIndexOf(']') + 1);
  const host = portAt < 0 ? authority : authority.slice(0, portAt);
  const port = portAt < 0 ? (scheme.toLowerCase() === 'https://' ? ':443' : ':80') : authority.slice(portAt);
  return [`${scheme}${host}${rest}`, `${scheme}${host}${port}${rest}`].map((candidate) =>
    twilioSignature(authToken, candidate, params),
  );
}
