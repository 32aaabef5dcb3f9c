import type { Result } from '#functions/shared/result.js';
import type { RecordPage } from '#functions/shared/store/query.js';
import type { ApiResponse, RouteContext } from '../api-types.js';
import { type PageParams, pageEnvelope, parsePageParams } from '../wire/page-envelope.js';
import { apiError, type TwilioErrorKind } from '../wire/twilio-error.js';

export const notFound = (path: string): ApiResponse =>
  apiError('notFound', `The requested resource ${path} was not found`);

export const missing = (name: string): ApiResponse =>
  apiError('invalidParameter', `Missing required parameter ${name} in the post body`);

/** Creation and update timestamps for a write now. */
export const stamp = (ctx: RouteContext) => new Date(ctx.nowMs).toISOString();

/** Parses paging parameters or answers 400. */
export function pageParams(ctx: RouteContext): Result<PageParams, ApiResponse> {
  const parsed = parsePageParams(ctx.request.query, ctx.limits);
  return parsed.ok ? parsed : { ok: false, error: apiError('invalidParameter', parsed.error) };
}

/** Builds the 200 list response, or 400 for a bad page token. */
export function listResponse<T>(
  path: string,
  listKey: string,
  params: PageParams,
  page: Result<RecordPage<T>, 'invalidPageToken'>,
  toJson: (record: T) => unknown,
): ApiResponse {
  if (!page.ok) return apiError('invalidParameter', 'PageToken is invalid');
  const body = pageEnvelope(path, listKey, page.value.records.map(toJson), params, page.value.nextPageToken);
  return { status: 200, body };
}

/** Maps a validation failure to the resource's Twilio error code. */
export function check<T>(result: Result<T, string>, kind: TwilioErrorKind): Result<T, ApiResponse> {
  return result.ok ? result : { ok: false, error: apiError(kind, result.error) };
}
