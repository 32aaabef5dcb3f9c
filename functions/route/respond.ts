import {
  type AuthOutcome,
  HANDLER_CONTRACT_VERSION,
  type HeaderField,
  type RespondResult,
} from '#sip/contract/handler-events.js';

/** A final response to the caller's INVITE. */
export function respond(
  status: number,
  reason: string,
  headers: readonly HeaderField[],
  auth: AuthOutcome | undefined,
): RespondResult {
  return {
    version: HANDLER_CONTRACT_VERSION,
    action: 'respond',
    status,
    reason,
    headers,
    ...(auth === undefined ? {} : { auth }),
  };
}

/** Error texts in headers are cut here: they say what failed, the alert has the details. */
const MAX_HEADER_TEXT_CHARS = 200;

/** Keeps a header value on one line (RFC 3261 §7.3: no CR/LF) and of a readable length. */
const oneLine = (text: string) =>
  text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .slice(0, MAX_HEADER_TEXT_CHARS);

/** `X-SipEdge-Error: <Twilio code> <text>`: the Twilio error behind a response. */
export const sipEdgeError = (code: number, text: string): HeaderField => ({
  name: 'X-SipEdge-Error',
  value: oneLine(`${code} ${text}`),
});

/** `Warning: 399 <agent> "<text>"` (RFC 3261 §20.43: 399 is a miscellaneous warning). */
export const warning = (agent: string, text: string): HeaderField => ({
  name: 'Warning',
  value: `399 ${agent} "${oneLine(text).replace(/["\\]/g, '\\$&')}"`,
});
