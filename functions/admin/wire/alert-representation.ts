import type { AlertRecord } from '#functions/shared/store/alert-store.js';
import type { PageParams } from './page-envelope.js';
import { API_VERSION } from './representations.js';

export const ALERTS_PATH = '/v1/Alerts';

/** Monitor (v1) dates are ISO 8601 to the second: `2026-01-15T12:00:00Z`. */
const iso8601 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Twilio Monitor's Alert. The list representation leaves out the request and response data, as
 * Twilio's does; `full` (a fetch) includes it. `origin` is the API's external `scheme://host`.
 */
export function alertJson(a: AlertRecord, origin: string, full: boolean) {
  const date = iso8601(a.dateCreatedMs);
  return {
    account_sid: a.accountSid,
    alert_text: a.alertText,
    api_version: API_VERSION,
    date_created: date,
    date_generated: date,
    date_updated: date,
    error_code: String(a.errorCode),
    log_level: a.logLevel,
    more_info: `https://www.twilio.com/docs/errors/${a.errorCode}`,
    request_method: a.requestMethod,
    request_url: a.requestUrl,
    resource_sid: a.resourceSid,
    service_sid: null,
    sid: a.sid,
    url: `${origin}${ALERTS_PATH}/${a.sid}`,
    ...(full
      ? {
          request_variables: a.requestVariables,
          request_headers: null,
          response_body: a.responseBody,
          response_headers: a.responseHeaders,
        }
      : {}),
  };
}

/** The v1 list envelope: records under `alerts`, absolute page URLs (filters kept) under `meta`. */
export function alertsPageJson(
  origin: string,
  alerts: readonly AlertRecord[],
  params: PageParams,
  filters: URLSearchParams,
  nextPageToken: string | undefined,
) {
  const url = (page: number, token?: string) => {
    const query = new URLSearchParams(filters);
    query.set('PageSize', String(params.pageSize));
    query.set('Page', String(page));
    if (token !== undefined) query.set('PageToken', token);
    return `${origin}${ALERTS_PATH}?${query.toString()}`;
  };
  return {
    alerts: alerts.map((a) => alertJson(a, origin, false)),
    meta: {
      first_page_url: url(0),
      key: 'alerts',
      next_page_url: nextPageToken === undefined ? null : url(params.page + 1, nextPageToken),
      page: params.page,
      page_size: params.pageSize,
      previous_page_url: null,
      url: url(params.page, params.pageToken),
    },
  };
}
