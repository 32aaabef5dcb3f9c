import { err, type Result } from '../result.js';
import type { TwimlBinRecord } from '../store/twiml-bin-store.js';
import { renderTemplate } from './render-template.js';

export type TwimlBinFailure = 'forbidden' | 'notFound' | 'methodNotAllowed' | 'renderFailed';

export interface TwimlBinError {
  readonly failure: TwimlBinFailure;
  readonly message: string;
}

/** Every way serving a bin fails, with its HTTP status. */
export const TWIML_BIN_FAILURE_STATUS = {
  forbidden: 403,
  notFound: 404,
  methodNotAllowed: 405,
  renderFailed: 500,
} as const satisfies Record<TwimlBinFailure, number>;

/** What serving a bin answers over HTTP. */
export interface TwimlBinReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** The bin rendered with the request's parameters: the query's, then the form body's. */
export function renderBin(
  bin: TwimlBinRecord | undefined,
  binSid: string,
  query: URLSearchParams,
  form: URLSearchParams,
): Result<string, TwimlBinError> {
  if (bin === undefined) return err({ failure: 'notFound', message: `TwiML Bin ${binSid} not found` });
  const params = new URLSearchParams(query);
  for (const [name, value] of form) params.append(name, value);
  const rendered = renderTemplate(bin.twiml, params);
  return rendered.ok ? rendered : err({ failure: 'renderFailed', message: rendered.error });
}

export function binReply(served: Result<string, TwimlBinError>): TwimlBinReply {
  return served.ok
    ? { status: 200, contentType: 'text/xml; charset=utf-8', body: served.value }
    : {
        status: TWIML_BIN_FAILURE_STATUS[served.error.failure],
        contentType: 'text/plain; charset=utf-8',
        body: served.error.message,
      };
}
