import { ok, type Result } from '#functions/shared/result.js';
import {
  CALL_STATUSES,
  type CallFilter,
  getCallRecord,
  listAccountCalls,
} from '#functions/shared/store/call-store.js';
import type { ApiResponse, RouteContext } from '../api-types.js';
import { callJson, callsPath, withFilters } from '../wire/call-representation.js';
import { pageEnvelope } from '../wire/page-envelope.js';
import { apiError } from '../wire/twilio-error.js';
import { notFound, pageParams } from './route-helpers.js';

/** Twilio's exact-match list filters this API supports, with the query they came in (kept in page URIs). */
function callFilter(
  query: URLSearchParams,
): Result<{ filter: CallFilter; echo: URLSearchParams }, ApiResponse> {
  const echo = new URLSearchParams();
  const take = (name: string) => {
    const value = query.get(name);
    if (value !== null) echo.set(name, value);
    return value ?? undefined;
  };
  const to = take('To');
  const from = take('From');
  const parentCallSid = take('ParentCallSid');
  const rawStatus = take('Status');
  const status = CALL_STATUSES.find((s) => s === rawStatus);
  if (rawStatus !== undefined && status === undefined) {
    return {
      ok: false,
      error: apiError('invalidParameter', `Status must be one of ${CALL_STATUSES.join(', ')}`),
    };
  }
  const filter: CallFilter = {
    ...(to === undefined ? {} : { to }),
    ...(from === undefined ? {} : { from }),
    ...(status === undefined ? {} : { status }),
    ...(parentCallSid === undefined ? {} : { parentCallSid }),
  };
  return ok({ filter, echo });
}

/** `GET Calls.json`: newest first, filtered by `To`, `From`, `Status` and `ParentCallSid`. */
export async function listCallsRoute(ctx: RouteContext): Promise<ApiResponse> {
  const params = pageParams(ctx);
  if (!params.ok) return params.error;
  const filter = callFilter(ctx.request.query);
  if (!filter.ok) return filter.error;
  const page = await listAccountCalls(
    ctx.store,
    ctx.accountSid,
    params.value,
    filter.value.filter,
    ctx.nowMs,
  );
  if (!page.ok) return apiError('invalidParameter', 'PageToken is invalid');
  const envelope = pageEnvelope(
    callsPath(ctx.accountSid),
    'calls',
    page.value.records.map(callJson),
    params.value,
    page.value.nextPageToken,
  );
  return { status: 200, body: withFilters(envelope, filter.value.echo) };
}

export async function fetchCallRoute(ctx: RouteContext): Promise<ApiResponse> {
  const sid = ctx.params.Sid ?? '';
  const call = await getCallRecord(ctx.store, ctx.accountSid, sid, ctx.nowMs);
  return call === undefined
    ? notFound(`${callsPath(ctx.accountSid)}/${sid}.json`)
    : { status: 200, body: callJson(call) };
}
