import { str } from './item-fields.js';
import { keys } from './keys.js';
import { mapPage, type PageRequest, queryPage } from './query.js';
import type { Dated } from './records.js';
import type { StoreContext } from './store-context.js';
import { deleteItem, getItem, putItem } from './table-operations.js';

type Item = Record<string, unknown>;

/** A TwiML Bin: a TwiML template served at its own URL (SipEdge extension of Twilio's console feature). */
export interface TwimlBinRecord extends Dated {
  readonly sid: string;
  readonly accountSid: string;
  readonly friendlyName: string;
  /** The template text (functions/shared/twiml-bin/render-template.ts syntax). */
  readonly twiml: string;
}

function twimlBinFromItem(item: Item): TwimlBinRecord {
  return {
    sid: str(item, 'sid'),
    accountSid: str(item, 'accountSid'),
    friendlyName: str(item, 'friendlyName'),
    twiml: str(item, 'twiml'),
    dateCreated: str(item, 'dateCreated'),
    dateUpdated: str(item, 'dateUpdated'),
  };
}

export async function getTwimlBin(
  ctx: StoreContext,
  accountSid: string,
  binSid: string,
): Promise<TwimlBinRecord | undefined> {
  const out = await getItem(ctx, {
    TableName: ctx.tableName,
    Key: keys.twimlBin(accountSid, binSid),
    ConsistentRead: true,
  });
  return out.Item === undefined ? undefined : twimlBinFromItem(out.Item);
}

/** The account's bins in creation order. */
export async function listTwimlBins(ctx: StoreContext, accountSid: string, page: PageRequest) {
  const target = { partition: keys.accountPartition(accountSid), sortKeyPrefix: keys.twimlBinPrefix };
  return mapPage(await queryPage(ctx, target, page), twimlBinFromItem);
}

export async function putTwimlBin(ctx: StoreContext, bin: TwimlBinRecord): Promise<void> {
  await putItem(ctx, {
    TableName: ctx.tableName,
    Item: { ...keys.twimlBin(bin.accountSid, bin.sid), type: 'TwimlBin', ...bin },
  });
}

export async function deleteTwimlBin(ctx: StoreContext, accountSid: string, binSid: string): Promise<void> {
  await deleteItem(ctx, { TableName: ctx.tableName, Key: keys.twimlBin(accountSid, binSid) });
}
