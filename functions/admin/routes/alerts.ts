import { err, ok, type Result } from '#functions/shared/result.js';
import {
  ALERT_LOG_LEVELS,
  type AlertFilter,
  getAlert,
  listAlerts,
} from '#functions/shared/store/alert-store.js';
import type { ApiResponse } from '../api-types.js';
import type { OriginRouteContext } from '../router.js';
import { ALERTS_PATH, alertJson, alertsPageJson } from '../wire/alert-representation.js';
import { apiError } from '../wire/twilio-error.js';
import { notFound, pageParams } from './route-helpers.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Monitor's `StartDate`/`EndDate`: `YYYY-MM-DD` or an ISO 8601 date-time, both bounds inclusive.
 * A date alone covers the whole (UTC) day, so `EndDate=2026-01-15` includes that day's alerts.
 */
function parseBound(name: string, value: string, endOfDay: boolean): Result<number, string> {
  const ms = DATE_ONLY.test(value)
    ? Date.parse(`${value}T00:00:00Z`)
    : DATE_TIME.test(value)
      ? Date.parse(value)
      : NaN;
  if (Number.isNaN(ms)) return err(`${name} must be YYYY-MM-DD or an ISO 8601 date-time`);
  return ok(DATE_ONLY.test(value) && endOfDay ? ms + DAY_MS - 1 : ms);
}

function alertFilter(query: URLSearchParams): Result<{ filter: AlertFilter; echo: URLSearchParams }, string> {
  const echo = new URLSearchParams();
  let filter: AlertFilter = {};
  const level = query.get('LogLevel');
  if (level !== null) {
    const logLevel = ALERT_LOG_LEVELS.find((l) => l === level);
    if (logLevel === undefined) return err(`LogLevel must be one of ${ALERT_LOG_LEVELS.join(', ')}`);
    filter = { ...filter, logLevel };
    echo.set('LogLevel', level);
  }
  for (const [name, key, endOfDay] of [
    ['StartDate', 'startMs', false],
    ['EndDate', 'endMs', true],
  ] as const) {
    const value = query.get(name);
    if (value === null) continue;
    const bound = parseBound(name, value, endOfDay);
    if (!bound.ok) return bound;
    filter = { ...filter, [key]: bound.value };
    echo.set(name, value);
  }
  return ok({ filter, echo });
}

/** `GET /v1/Alerts`: the authenticated account's alerts, newest first. */
export async function listAlertsRoute(ctx: OriginRouteContext): Promise<ApiResponse> {
  const params = pageParams(ctx);
  if (!params.ok) return params.error;
  const filter = alertFilter(ctx.request.query);
  if (!filter.ok) return apiError('invalidParameter', filter.error);
  const page = await listAlerts(ctx.store, ctx.accountSid, params.value, filter.value.filter, ctx.nowMs);
  if (!page.ok) return apiError('invalidParameter', 'PageToken is invalid');
  return {
    status: 200,
    body: alertsPageJson(
      ctx.origin,
      page.value.records,
      params.value,
      filter.value.echo,
      page.value.nextPageToken,
    ),
  };
}

/** `GET /v1/Alerts/{Sid}`: one alert with its request and response data. */
export async function fetchAlertRoute(ctx: OriginRouteContext): Promise<ApiResponse> {
  const sid = ctx.params.Sid ?? '';
  const alert = await getAlert(ctx.store, ctx.accountSid, sid, ctx.nowMs);
  return alert === undefined
    ? notFound(`${ALERTS_PATH}/${sid}`)
    : { status: 200, body: alertJson(alert, ctx.origin, true) };
}
