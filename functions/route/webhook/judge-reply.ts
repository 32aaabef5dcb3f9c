import { err, ok, type Result } from '#functions/shared/result.js';
import { parseContentType } from '#sip/message/headers/content-type.js';
import { parseTwiml } from '../twiml/parse-twiml.js';
import type { TwimlDocument } from '../twiml/twiml-document.js';
import { TWIML_ERRORS } from '../twiml/twiml-errors.js';
import type { HttpReply } from './http-exchange.js';
import { type AlertCause, failureCause } from './webhook-alerts.js';
import type { WebhookLimits } from './webhook-limits.js';

/**
 * What an HTTP response means for a TwiML fetch (reference §4.4): a 2xx is required (11200 with the
 * status otherwise), the body must fit 64 kB (11750), name its type (11200 without Content-Type) and
 * be XML or text (12300), then be valid TwiML (12100, 12102, 12200, 13xxx).
 */
export function judgeReply(
  reply: HttpReply,
  limits: WebhookLimits,
): Result<{ readonly document: TwimlDocument; readonly body: string }, AlertCause> {
  // The alert shows the start of whatever came back, whatever its type.
  const response = {
    status: reply.status,
    body: reply.body.toString('utf8').slice(0, limits.alertBodyChars),
  };
  if (reply.status < 200 || reply.status > 299) {
    return err(failureCause('retrievalFailure', `HTTP ${reply.status}`, response));
  }
  if (reply.overLimit) {
    return err(failureCause('responseTooLarge', `more than ${limits.maxResponseBodyBytes} bytes`, response));
  }
  const decoded = decode(reply);
  if (!decoded.ok) return err(failureCause(decoded.error.code, decoded.error.detail, response));
  const document = parseTwiml(decoded.value);
  if (!document.ok) {
    const { twilioCode, message } = TWIML_ERRORS[document.error.code];
    return err({
      code: twilioCode,
      message: `${message}: ${document.error.detail}`,
      responseStatus: response.status,
      responseBody: response.body,
    });
  }
  return ok({ document: document.value, body: decoded.value });
}

/** The body as text: XML or any text type, in its declared charset (UTF-8 by default). */
function decode(
  reply: HttpReply,
): Result<string, { code: 'retrievalFailure' | 'invalidContentType'; detail: string }> {
  if (reply.contentType === null) return err({ code: 'retrievalFailure', detail: 'no Content-Type' });
  const type = parseContentType(reply.contentType);
  if (!type.ok) return err({ code: 'invalidContentType', detail: type.error });
  const { type: main, subtype, params } = type.value;
  if (main !== 'text' && subtype !== 'xml' && !subtype.endsWith('+xml')) {
    return err({ code: 'invalidContentType', detail: `${main}/${subtype} is not XML or text` });
  }
  const charset = params.find(([name]) => name === 'charset')?.[1] ?? 'utf-8';
  try {
    return ok(new TextDecoder(charset.replace(/^"|"$/g, '')).decode(reply.body));
  } catch {
    return err({ code: 'invalidContentType', detail: `unknown charset "${charset}"` });
  }
}
