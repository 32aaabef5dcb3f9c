import { ok } from '#functions/shared/result.js';
import { binReply } from '#functions/shared/twiml-bin/bin-reply.js';
import {
  serveTwimlBin,
  TWIML_BIN_SERVE_ROOT,
  type TwimlBinSource,
} from '#functions/shared/twiml-bin/serve-bin.js';
import type { TwimlTransport } from './twiml-transport.js';

const BIN_PATH = new RegExp(`^/${TWIML_BIN_SERVE_ROOT}/([^/]+)/([^/]+)$`);

/**
 * A transport that serves this deployment's own TwiML Bins (URLs under one of `origins`, the admin
 * API's) in-process, with the reply the API would send: same signature check, same rendering, same
 * statuses. Every other request goes on to `next`. It saves the HTTP round trip, and the account
 * and the bin come from the directory's bounded cache instead of two reads per request.
 */
export function withOwnTwimlBins(
  origins: readonly string[],
  source: TwimlBinSource,
  next: TwimlTransport,
): TwimlTransport {
  const own = new Set(origins.map((origin) => new URL(origin).origin));
  return async (request, limits) => {
    const path = own.has(request.url.origin) ? BIN_PATH.exec(request.url.pathname) : null;
    if (path === null) return next(request, limits);
    const served = await serveTwimlBin(source, {
      method: request.method,
      accountSid: path[1] ?? '',
      binSid: path[2] ?? '',
      url: request.url.href,
      query: request.url.searchParams,
      form: new URLSearchParams(request.body ?? ''),
      signature: request.headers['X-Twilio-Signature'],
    });
    const reply = binReply(served);
    const body = Buffer.from(reply.body, 'utf8');
    // The API's Content-Length would announce too much, and the exchange would read none of it.
    const overLimit = body.length > limits.maxResponseBodyBytes;
    return ok({
      status: reply.status,
      contentType: reply.contentType,
      body: overLimit ? Buffer.alloc(0) : body,
      overLimit,
    });
  };
}
