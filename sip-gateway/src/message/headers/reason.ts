import { formatHeaderParams, getParam, parseParamsOnly } from '../header-params.js';
import { err, ok, type Result } from '../result.js';
import { parseBoundedInt, quote, scanRun, skipWs, TOKEN, unquote } from '../syntax.js';
import type { Params } from '../types.js';

/** Reason = protocol *( SEMI reason-params ), e.g. `SIP ;cause=200 ;text="Call completed elsewhere"` (RFC 3326 §2). */
export interface Reason {
  readonly protocol: string;
  readonly cause: number | null;
  /** The `text` parameter, unquoted. */
  readonly text: string | null;
  /** All parameters as written (cause and text included). */
  readonly params: Params;
}

/** Parses one Reason value (the header is a comma-separated list of these). */
export function parseReason(value: string): Result<Reason> {
  const start = skipWs(value, 0);
  const end = scanRun(TOKEN, value, start);
  if (end === start) return err(`missing protocol in Reason "${value.slice(0, 40)}"`);
  const params = parseParamsOnly(value, end);
  if (!params.ok) return params;
  const causeText = getParam(params.value, 'cause');
  const cause = causeText ? parseBoundedInt(causeText, 0xffff) : null;
  if (causeText !== undefined && cause === null) return err(`invalid Reason cause "${causeText}"`);
  const text = getParam(params.value, 'text');
  return ok({
    protocol: value.slice(start, end),
    cause,
    text: text ? (text.startsWith('"') ? unquote(text) : text) : null,
    params: params.value,
  });
}

export function formatReason(reason: Reason): string {
  return `${reason.protocol}${formatHeaderParams(reason.params)}`;
}

/** Builds a Reason value from protocol, cause and text (e.g. for CANCEL, RFC 3326 §2). */
export function makeReason(protocol: string, cause: number, text?: string): Reason {
  const params: Params =
    text === undefined
      ? [['cause', String(cause)]]
      : [
          ['cause', String(cause)],
          ['text', quote(text)],
        ];
  return { protocol, cause, text: text ?? null, params };
}
