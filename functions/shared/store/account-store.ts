import { str } from './item-fields.js';
import { keys } from './keys.js';
import type { AccountRecord } from './records.js';
import type { StoreContext } from './store-context.js';
import { getItem, putItem } from './table-operations.js';

export async function getAccount(ctx: StoreContext, accountSid: string): Promise<AccountRecord | undefined> {
  const out = await getItem(ctx, {
    TableName: ctx.tableName,
    Key: keys.account(accountSid),
    ConsistentRead: true,
  });
  if (out.Item === undefined) return undefined;
  const item = out.Item;
  return {
    sid: str(item, 'sid'),
    authToken: str(item, 'authToken'),
    friendlyName: str(item, 'friendlyName'),
    dateCreated: str(item, 'dateCreated'),
    dateUpdated: str(item, 'dateUpdated'),
  };
}

export async function putAccount(ctx: StoreContext, account: AccountRecord): Promise<void> {
  await putItem(ctx, {
    TableName: ctx.tableName,
    Item: { ...keys.account(account.sid), type: 'Account', ...account },
  });
}
