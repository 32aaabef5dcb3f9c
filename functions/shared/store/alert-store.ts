import { CorruptItemError } from '../errors.js';
import type { Result } from '../result.js';
import { queryFilteredPage } from './filtered-query.js';
import { num, str, strOrNull } from './item-fields.js';
import { keys } from './keys.js';
import { mapPage, type PageRequest, type RecordPage } from './query.js';
import { newSid } from './sid.js';
import type { StoreContext } from './store-context.js';
import { getItem, putItem } from './table-operations.js';

type Item = Record<string, unknown>;

/** Twilio Monitor's log levels; SipEdge records `error` and `warning`. */
export const ALERT_LOG_LEVELS = ['error', 'warning', 'notice', 'debug'] as const;
export type AlertLogLevel = (typeof ALERT_LOG_LEVELS)[number];

/** Retention (TTL), and a cap on each stored text so an alert stays far below DynamoDB's 400 KB item. */
export const ALERT_RECORD_SETTINGS = {
  retentionMs: 30 * 24 * 60 * 60 * 1000,
  maxTextChars: 64 * 1024,
} as const;

export interface NewAlert {
  readonly accountSid: string;
  /** Twilio error or warning code, e.g. 11200. */
  readonly errorCode: number;
  readonly logLevel: 'error' | 'warning';
  readonly alertText: string;
  /** The CallSid the alert is about. */
  readonly resourceSid: string | null;
  readonly requestUrl: string | null;
  readonly requestMethod: string | null;
  /** The request's parameters, form-encoded (`To=...&From=...`), as Twilio shows them. */
  readonly requestVariables: string | null;
  readonly responseBody: string | null;
  /** The response headers, form-encoded. */
  readonly responseHeaders: string | null;
  readonly nowMs: number;
}

export interface AlertRecord extends Omit<NewAlert, 'nowMs' | 'logLevel'> {
  readonly sid: string;
  readonly logLevel: AlertLogLevel;
  readonly dateCreatedMs: number;
}

export interface AlertFilter {
  readonly logLevel?: AlertLogLevel;
  /** Inclusive bounds on the creation time. */
  readonly startMs?: number;
  readonly endMs?: number;
}

const cap = (text: string | null) =>
  text === null ? null : text.slice(0, ALERT_RECORD_SETTINGS.maxTextChars);

function alertFromItem(item: Item): AlertRecord {
  const logLevel = ALERT_LOG_LEVELS.find((level) => level === item.logLevel);
  if (logLevel === undefined) throw new CorruptItemError(`alert log level ${String(item.logLevel)}`);
  return {
    sid: str(item, 'sid'),
    accountSid: str(item, 'accountSid'),
    errorCode: num(item, 'errorCode'),
    logLevel,
    alertText: str(item, 'alertText'),
    resourceSid: strOrNull(item, 'resourceSid'),
    requestUrl: strOrNull(item, 'requestUrl'),
    requestMethod: strOrNull(item, 'requestMethod'),
    requestVariables: strOrNull(item, 'requestVariables'),
    responseBody: strOrNull(item, 'responseBody'),
    responseHeaders: strOrNull(item, 'responseHeaders'),
    dateCreatedMs: num(item, 'dateCreatedMs'),
  };
}

const isLive = (item: Item, nowMs: number) => num(item, 'expiresAt') * 1000 > nowMs;

/** Records a Debugger alert with a new `NO` SID; `expiresAt` (TTL) is the retention later. */
export async function recordAlert(ctx: StoreContext, alert: NewAlert): Promise<AlertRecord> {
  const record: AlertRecord = {
    sid: newSid('NO', alert.nowMs),
    accountSid: alert.accountSid,
    errorCode: alert.errorCode,
    logLevel: alert.logLevel,
    alertText: alert.alertText.slice(0, ALERT_RECORD_SETTINGS.maxTextChars),
    resourceSid: alert.resourceSid,
    requestUrl: cap(alert.requestUrl),
    requestMethod: alert.requestMethod,
    requestVariables: cap(alert.requestVariables),
    responseBody: cap(alert.responseBody),
    responseHeaders: cap(alert.responseHeaders),
    dateCreatedMs: alert.nowMs,
  };
  await putItem(ctx, {
    TableName: ctx.tableName,
    Item: {
      ...keys.alert(record.sid),
      gsi1pk: keys.accountAlertsGsi(record.accountSid),
      gsi1sk: keys.newestFirst(record.dateCreatedMs, record.sid),
      type: 'Alert',
      ...record,
      expiresAt: Math.ceil((alert.nowMs + ALERT_RECORD_SETTINGS.retentionMs) / 1000),
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  });
  return record;
}

/** An alert of the account, or undefined (unknown, another account's, or past its retention). */
export async function getAlert(
  ctx: StoreContext,
  accountSid: string,
  alertSid: string,
  nowMs: number,
): Promise<AlertRecord | undefined> {
  const out = await getItem(ctx, {
    TableName: ctx.tableName,
    Key: keys.alert(alertSid),
    ConsistentRead: true,
  });
  const item = out.Item;
  if (item === undefined || item.accountSid !== accountSid || !isLive(item, nowMs)) return undefined;
  return alertFromItem(item);
}

/** A page of the account's alerts, newest first, matching `filter`. */
export async function listAlerts(
  ctx: StoreContext,
  accountSid: string,
  page: PageRequest,
  filter: AlertFilter,
  nowMs: number,
): Promise<Result<RecordPage<AlertRecord>, 'invalidPageToken'>> {
  const target = { partition: keys.accountAlertsGsi(accountSid), index: 'gsi1' as const };
  const keep = (item: Item) => {
    const created = num(item, 'dateCreatedMs');
    return (
      isLive(item, nowMs) &&
      (filter.logLevel === undefined || item.logLevel === filter.logLevel) &&
      (filter.startMs === undefined || created >= filter.startMs) &&
      (filter.endMs === undefined || created <= filter.endMs)
    );
  };
  return mapPage(await queryFilteredPage(ctx, target, page, keep), alertFromItem);
}
