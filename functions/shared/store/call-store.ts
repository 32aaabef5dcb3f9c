import { CorruptItemError } from '../errors.js';
import { err, ok, type Result } from '../result.js';
import { queryFilteredPage } from './filtered-query.js';
import { isConditionFailure, num, str, strOrNull } from './item-fields.js';
import { keys } from './keys.js';
import { mapPage, type PageRequest, type RecordPage } from './query.js';
import { newSid } from './sid.js';
import type { StoreContext } from './store-context.js';
import { getItem, putItem, updateItem } from './table-operations.js';

type Item = Record<string, unknown>;

/** Twilio's Call `status` values (OAI call_enum_status). */
export const CALL_STATUSES = [
  'queued',
  'ringing',
  'in-progress',
  'completed',
  'busy',
  'failed',
  'no-answer',
  'canceled',
] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/** `inbound`: the leg that arrived at a domain; `outbound-dial`: a child leg of its `<Dial>`. */
export type CallDirection = 'inbound' | 'outbound-dial';

export const CALL_RECORD_SETTINGS = { retentionMs: 30 * 24 * 60 * 60 * 1000 } as const;

/**
 * The statuses a call may move to each status from: forward only, and a final status is never left
 * (completed follows an answer; busy, no-answer and canceled precede one; failed may follow either).
 */
const PREVIOUS_STATUSES = {
  queued: [],
  ringing: ['queued'],
  'in-progress': ['queued', 'ringing'],
  completed: ['in-progress'],
  busy: ['queued', 'ringing'],
  failed: ['queued', 'ringing', 'in-progress'],
  'no-answer': ['queued', 'ringing'],
  canceled: ['queued', 'ringing'],
} as const satisfies Record<CallStatus, readonly CallStatus[]>;

export interface CallStatusChange {
  readonly status: CallStatus;
  readonly atMs: number;
  /** The SIP final response that caused it, when there was one (e.g. 486 → busy). */
  readonly sipResponseCode: number | null;
}

export interface CallRecord {
  readonly sid: string;
  readonly accountSid: string;
  /** null for the inbound leg; a `<Dial>` child leg has the inbound leg's SID. */
  readonly parentCallSid: string | null;
  readonly domainSid: string | null;
  readonly from: string;
  readonly to: string;
  readonly direction: CallDirection;
  readonly status: CallStatus;
  readonly startTimeMs: number;
  readonly answeredAtMs: number | null;
  readonly endedAtMs: number | null;
  readonly durationSec: number | null;
  /** Call-ID of the INVITE of this leg (RFC 3261 §8.1.1.4). */
  readonly sipCallId: string;
  readonly sipResponseCode: number | null;
  readonly history: readonly CallStatusChange[];
  readonly dateCreatedMs: number;
  readonly dateUpdatedMs: number;
}

export interface NewCall {
  readonly accountSid: string;
  readonly parentCallSid: string | null;
  readonly domainSid: string | null;
  readonly from: string;
  readonly to: string;
  readonly direction: CallDirection;
  /** The first status (`queued`, as every Twilio call starts). */
  readonly status: CallStatus;
  readonly sipCallId: string;
  readonly nowMs: number;
}

export interface CallStatusUpdate {
  readonly status: CallStatus;
  readonly atMs: number;
  readonly answeredAtMs?: number;
  readonly endedAtMs?: number;
  readonly durationSec?: number;
  readonly sipResponseCode?: number;
}

/** Twilio's list filters (exact matches). */
export interface CallFilter {
  readonly to?: string;
  readonly from?: string;
  readonly status?: CallStatus;
  readonly parentCallSid?: string;
}

const numOrNull = (item: Item, name: string) =>
  item[name] === undefined || item[name] === null ? null : num(item, name);

function statusOf(value: unknown): CallStatus {
  const status = CALL_STATUSES.find((s) => s === value);
  if (status === undefined) throw new CorruptItemError(`call status ${String(value)}`);
  return status;
}

function changeFromValue(value: unknown): CallStatusChange {
  if (typeof value !== 'object' || value === null) throw new CorruptItemError('call history entry');
  const entry = value as Item;
  return {
    status: statusOf(entry.status),
    atMs: num(entry, 'atMs'),
    sipResponseCode: numOrNull(entry, 'sipResponseCode'),
  };
}

function callFromItem(item: Item): CallRecord {
  const direction = str(item, 'direction');
  if (direction !== 'inbound' && direction !== 'outbound-dial') {
    throw new CorruptItemError(`call direction ${direction}`);
  }
  const history = item.history;
  return {
    sid: str(item, 'sid'),
    accountSid: str(item, 'accountSid'),
    parentCallSid: strOrNull(item, 'parentCallSid'),
    domainSid: strOrNull(item, 'domainSid'),
    from: str(item, 'from'),
    to: str(item, 'to'),
    direction,
    status: statusOf(item.status),
    startTimeMs: num(item, 'startTimeMs'),
    answeredAtMs: numOrNull(item, 'answeredAtMs'),
    endedAtMs: numOrNull(item, 'endedAtMs'),
    durationSec: numOrNull(item, 'durationSec'),
    sipCallId: str(item, 'sipCallId'),
    sipResponseCode: numOrNull(item, 'sipResponseCode'),
    history: Array.isArray(history) ? history.map(changeFromValue) : [],
    dateCreatedMs: num(item, 'dateCreatedMs'),
    dateUpdatedMs: num(item, 'dateUpdatedMs'),
  };
}

const isLive = (item: Item, nowMs: number) => num(item, 'expiresAt') * 1000 > nowMs;

const changeOf = (update: CallStatusUpdate): CallStatusChange => ({
  status: update.status,
  atMs: update.atMs,
  sipResponseCode: update.sipResponseCode ?? null,
});

/** The fields a run of updates sets, each from the last update that has it. */
function fieldsOf(updates: readonly CallStatusUpdate[]) {
  const last = <K extends keyof CallStatusUpdate>(name: K) =>
    updates.findLast((u) => u[name] !== undefined)?.[name];
  return {
    answeredAtMs: last('answeredAtMs'),
    endedAtMs: last('endedAtMs'),
    durationSec: last('durationSec'),
    sipResponseCode: last('sipResponseCode'),
  };
}

/** Each update's status may follow the one before it (PREVIOUS_STATUSES); a caller bug otherwise. */
function assertPath(from: CallStatus | null, updates: readonly CallStatusUpdate[]): void {
  let current = from;
  for (const { status } of updates) {
    const previous: readonly CallStatus[] = PREVIOUS_STATUSES[status];
    if (current !== null && !previous.includes(current)) {
      throw new Error(`call status ${current} cannot move to ${status}`);
    }
    current = status;
  }
}

/**
 * Creates a call with a new `CA` SID, already moved through `then` when its first statuses are known
 * (one write instead of one per status); `expiresAt` (TTL) is `CALL_RECORD_SETTINGS.retentionMs` later.
 */
export async function createCallRecord(
  ctx: StoreContext,
  call: NewCall,
  then: readonly CallStatusUpdate[] = [],
): Promise<CallRecord> {
  assertPath(call.status, then);
  const fields = fieldsOf(then);
  const latest = then.at(-1);
  const record: CallRecord = {
    sid: newSid('CA', call.nowMs),
    accountSid: call.accountSid,
    parentCallSid: call.parentCallSid,
    domainSid: call.domainSid,
    from: call.from,
    to: call.to,
    direction: call.direction,
    status: latest?.status ?? call.status,
    startTimeMs: call.nowMs,
    answeredAtMs: fields.answeredAtMs ?? null,
    endedAtMs: fields.endedAtMs ?? null,
    durationSec: fields.durationSec ?? null,
    sipCallId: call.sipCallId,
    sipResponseCode: fields.sipResponseCode ?? null,
    history: [{ status: call.status, atMs: call.nowMs, sipResponseCode: null }, ...then.map(changeOf)],
    dateCreatedMs: call.nowMs,
    dateUpdatedMs: latest?.atMs ?? call.nowMs,
  };
  await putItem(ctx, {
    TableName: ctx.tableName,
    Item: {
      ...keys.call(record.sid),
      gsi1pk: keys.accountCallsGsi(record.accountSid),
      gsi1sk: keys.newestFirst(record.dateCreatedMs, record.sid),
      type: 'Call',
      ...record,
      expiresAt: Math.ceil((call.nowMs + CALL_RECORD_SETTINGS.retentionMs) / 1000),
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  });
  return record;
}

/**
 * Moves a call through one or more statuses and appends them to the history, atomically: a
 * conditional update that holds only while the current status may precede the first one, so a late
 * or repeated event (a second 180, a CANCEL racing a 200) never moves a call backwards or out of a
 * final status.
 */
export async function updateCallStatus(
  ctx: StoreContext,
  callSid: string,
  ...updates: readonly [CallStatusUpdate, ...CallStatusUpdate[]]
): Promise<Result<CallRecord, 'notFound' | 'staleStatus'>> {
  const [first] = updates;
  const latest = updates.at(-1) ?? first;
  assertPath(null, updates);
  const previous: readonly CallStatus[] = PREVIOUS_STATUSES[first.status];
  if (previous.length === 0) return err('staleStatus');
  const values: Item = {
    ':status': latest.status,
    ':at': latest.atMs,
    ':change': updates.map(changeOf),
  };
  const names: Record<string, string> = {
    '#status': 'status',
    '#updated': 'dateUpdatedMs',
    '#history': 'history',
  };
  const sets = ['#status = :status', '#updated = :at', '#history = list_append(#history, :change)'];
  for (const [name, value] of Object.entries(fieldsOf(updates))) {
    if (value === undefined) continue;
    names[`#${name}`] = name;
    sets.push(`#${name} = :${name}`);
    values[`:${name}`] = value;
  }
  previous.forEach((status, i) => {
    values[`:from${i}`] = status;
  });
  try {
    const out = await updateItem(ctx, {
      TableName: ctx.tableName,
      Key: keys.call(callSid),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: `attribute_exists(pk) AND #status IN (${previous.map((_, i) => `:from${i}`).join(', ')})`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValues: 'ALL_NEW',
    });
    if (out.Attributes === undefined) throw new CorruptItemError(`call ${callSid}: no attributes returned`);
    return ok(callFromItem(out.Attributes));
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const current = await getItem(ctx, {
      TableName: ctx.tableName,
      Key: keys.call(callSid),
      ConsistentRead: true,
    });
    return err(current.Item === undefined ? 'notFound' : 'staleStatus');
  }
}

/** A call of the account, or undefined (unknown, another account's, or past its retention). */
export async function getCallRecord(
  ctx: StoreContext,
  accountSid: string,
  callSid: string,
  nowMs: number,
): Promise<CallRecord | undefined> {
  const out = await getItem(ctx, { TableName: ctx.tableName, Key: keys.call(callSid), ConsistentRead: true });
  const item = out.Item;
  if (item === undefined || item.accountSid !== accountSid || !isLive(item, nowMs)) return undefined;
  return callFromItem(item);
}

/** A page of the account's calls, newest first (Twilio's order), matching `filter`. */
export async function listAccountCalls(
  ctx: StoreContext,
  accountSid: string,
  page: PageRequest,
  filter: CallFilter,
  nowMs: number,
): Promise<Result<RecordPage<CallRecord>, 'invalidPageToken'>> {
  const target = { partition: keys.accountCallsGsi(accountSid), index: 'gsi1' as const };
  const keep = (item: Item) =>
    isLive(item, nowMs) &&
    (filter.to === undefined || item.to === filter.to) &&
    (filter.from === undefined || item.from === filter.from) &&
    (filter.status === undefined || item.status === filter.status) &&
    (filter.parentCallSid === undefined || item.parentCallSid === filter.parentCallSid);
  return mapPage(await queryFilteredPage(ctx, target, page, keep), callFromItem);
}
