import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { err, ok, type Result } from '../result.js';
import type { StoreContext } from './store-context.js';
import { queryItems } from './table-operations.js';
import { TABLE_SCHEMA } from './table-schema.js';

type Item = Record<string, unknown>;

/** Where to query: a partition of the table or of GSI1, optionally narrowed by a sort-key prefix. */
export interface QueryTarget {
  readonly partition: string;
  readonly sortKeyPrefix?: string;
  readonly index?: 'gsi1';
}

export interface PageRequest {
  readonly pageSize: number;
  /** Opaque token from a previous page's `nextPageToken`. */
  readonly pageToken?: string;
}

export interface ItemPage {
  readonly items: readonly Item[];
  readonly nextPageToken?: string;
}

const GSI = TABLE_SCHEMA.globalSecondaryIndexes[0];

/** Key attribute names of a target; `all` = what a page token must carry besides the partition. */
function keyNames(target: QueryTarget): { partition: string; sort: string; all: readonly string[] } {
  const pk = TABLE_SCHEMA.partitionKey.name;
  const sk = TABLE_SCHEMA.sortKey.name;
  if (target.index === 'gsi1') {
    return { partition: GSI.partitionKey.name, sort: GSI.sortKey.name, all: [pk, sk, GSI.sortKey.name] };
  }
  return { partition: pk, sort: sk, all: [sk] };
}

function queryInput(ctx: StoreContext, target: QueryTarget): QueryCommandInput {
  const names = keyNames(target);
  const prefix = target.sortKeyPrefix !== undefined;
  return {
    TableName: ctx.tableName,
    ...(target.index === undefined ? { ConsistentRead: true } : { IndexName: target.index }),
    KeyConditionExpression: prefix ? '#p = :p AND begins_with(#s, :s)' : '#p = :p',
    ExpressionAttributeNames: prefix
      ? { '#p': names.partition, '#s': names.sort }
      : { '#p': names.partition },
    ExpressionAttributeValues: prefix
      ? { ':p': target.partition, ':s': target.sortKeyPrefix }
      : { ':p': target.partition },
  };
}

/**
 * The token carries only the non-partition key attributes of the last item; the partition comes from
 * the request, so a token can never walk another account's partition.
 */
function encodeToken(item: Item, target: QueryTarget): string {
  const key: Record<string, unknown> = {};
  for (const name of keyNames(target).all) key[name] = item[name];
  return `PT${Buffer.from(JSON.stringify(key)).toString('base64url')}`;
}

function decodeToken(token: string, target: QueryTarget): Result<Item, 'invalidPageToken'> {
  if (!token.startsWith('PT')) return err('invalidPageToken');
  try {
    const key: unknown = JSON.parse(Buffer.from(token.slice(2), 'base64url').toString('utf8'));
    if (typeof key !== 'object' || key === null) return err('invalidPageToken');
    const names = keyNames(target);
    const out: Item = { [names.partition]: target.partition };
    for (const name of names.all) {
      const value = (key as Item)[name];
      if (typeof value !== 'string') return err('invalidPageToken');
      out[name] = value;
    }
    return ok(out);
  } catch {
    return err('invalidPageToken');
  }
}

export interface RecordPage<T> {
  readonly records: readonly T[];
  readonly nextPageToken?: string;
}

/** Converts a page of items into records. */
export function mapPage<T>(
  page: Result<ItemPage, 'invalidPageToken'>,
  convert: (item: Item) => T,
): Result<RecordPage<T>, 'invalidPageToken'> {
  if (!page.ok) return page;
  const records = page.value.items.map(convert);
  const next = page.value.nextPageToken;
  return ok(next === undefined ? { records } : { records, nextPageToken: next });
}

/** One page of items in sort-key order; reads one item ahead to know whether a next page exists. */
export async function queryPage(
  ctx: StoreContext,
  target: QueryTarget,
  page: PageRequest,
): Promise<Result<ItemPage, 'invalidPageToken'>> {
  let startKey: Item | undefined;
  if (page.pageToken !== undefined) {
    const decoded = decodeToken(page.pageToken, target);
    if (!decoded.ok) return decoded;
    startKey = decoded.value;
  }
  const items: Item[] = [];
  do {
    const out = await queryItems(ctx, {
      ...queryInput(ctx, target),
      Limit: page.pageSize + 1 - items.length,
      ExclusiveStartKey: startKey,
    });
    items.push(...(out.Items ?? []));
    startKey = out.LastEvaluatedKey;
  } while (startKey !== undefined && items.length <= page.pageSize);
  const pageItems = items.slice(0, page.pageSize);
  const last = pageItems.at(-1);
  return ok({
    items: pageItems,
    ...(items.length > page.pageSize && last !== undefined
      ? { nextPageToken: encodeToken(last, target) }
      : {}),
  });
}

/** Every item of a target (for bounded partitions only: lists with a documented maximum size). */
export async function queryAll(ctx: StoreContext, target: QueryTarget): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const out = await queryItems(ctx, { ...queryInput(ctx, target), ExclusiveStartKey: startKey });
    items.push(...(out.Items ?? []));
    startKey = out.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
}

/** Number of items of a target, without reading them. */
export async function countItems(ctx: StoreContext, target: QueryTarget): Promise<number> {
  let count = 0;
  let startKey: Item | undefined;
  do {
    const out = await queryItems(ctx, {
      ...queryInput(ctx, target),
      Select: 'COUNT',
      ExclusiveStartKey: startKey,
    });
    count += out.Count ?? 0;
    startKey = out.LastEvaluatedKey;
  } while (startKey !== undefined);
  return count;
}
