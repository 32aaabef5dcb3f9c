import { err, ok, type Result } from '../result.js';
import { isConditionFailure, str } from './item-fields.js';
import { keys, type MappingKind } from './keys.js';
import { countItems, mapPage, type PageRequest, queryAll, queryPage } from './query.js';
import type { Dated } from './records.js';
import type { StoreContext } from './store-context.js';
import { deleteItem, getItem, putItem } from './table-operations.js';

type Item = Record<string, unknown>;

/** A domain → list mapping. Its SID is the mapped list's SID, as in Twilio. */
export interface MappingRecord extends Dated {
  readonly accountSid: string;
  readonly domainSid: string;
  readonly kind: MappingKind;
  readonly sid: string;
  /** The list's friendly name when it was mapped. */
  readonly friendlyName: string;
}

const mappingFromItem = (item: Item): MappingRecord => ({
  accountSid: str(item, 'accountSid'),
  domainSid: str(item, 'domainSid'),
  kind: str(item, 'kind') as MappingKind,
  sid: str(item, 'sid'),
  friendlyName: str(item, 'friendlyName'),
  dateCreated: str(item, 'dateCreated'),
  dateUpdated: str(item, 'dateUpdated'),
});

const byKind = (domainSid: string, kind: MappingKind) => ({
  partition: keys.domainPartition(domainSid),
  sortKeyPrefix: keys.mappingPrefix(kind),
});

/** Conditional put: one mapping per (domain, kind, list). */
export async function createMapping(
  ctx: StoreContext,
  mapping: MappingRecord,
): Promise<Result<void, 'duplicate'>> {
  try {
    await putItem(ctx, {
      TableName: ctx.tableName,
      Item: {
        ...keys.mapping(mapping.domainSid, mapping.kind, mapping.sid),
        gsi1pk: keys.mappedListGsi(mapping.sid),
        gsi1sk: `${mapping.domainSid}#${mapping.kind}`,
        type: 'Mapping',
        ...mapping,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    return ok(undefined);
  } catch (error) {
    if (isConditionFailure(error)) return err('duplicate');
    throw error;
  }
}

export async function getMapping(ctx: StoreContext, domainSid: string, kind: MappingKind, listSid: string) {
  const out = await getItem(ctx, {
    TableName: ctx.tableName,
    Key: keys.mapping(domainSid, kind, listSid),
    ConsistentRead: true,
  });
  return out.Item === undefined ? undefined : mappingFromItem(out.Item);
}

export async function deleteMapping(
  ctx: StoreContext,
  domainSid: string,
  kind: MappingKind,
  listSid: string,
) {
  await deleteItem(ctx, { TableName: ctx.tableName, Key: keys.mapping(domainSid, kind, listSid) });
}

export async function listMappings(
  ctx: StoreContext,
  domainSid: string,
  kind: MappingKind,
  page: PageRequest,
) {
  return mapPage(await queryPage(ctx, byKind(domainSid, kind), page), mappingFromItem);
}

export function countMappings(ctx: StoreContext, domainSid: string, kind: MappingKind): Promise<number> {
  return countItems(ctx, byKind(domainSid, kind));
}

/** Every mapping of a domain, all kinds (bounded by the per-domain limits). */
export async function allDomainMappings(ctx: StoreContext, domainSid: string): Promise<MappingRecord[]> {
  const items = await queryAll(ctx, { partition: keys.domainPartition(domainSid), sortKeyPrefix: 'MAP#' });
  return items.map(mappingFromItem);
}

/** Whether any domain still maps this list (GSI1: eventually consistent, see docs/data-model.md). */
export async function isListMapped(ctx: StoreContext, listSid: string): Promise<boolean> {
  return (await countItems(ctx, { partition: keys.mappedListGsi(listSid), index: 'gsi1' })) > 0;
}
