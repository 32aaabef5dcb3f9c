import { num, str } from './item-fields.js';
import { ACCOUNT_CHILD, keys } from './keys.js';
import { countItems, mapPage, type PageRequest, queryAll, queryPage } from './query.js';
import type { IpAclRecord, IpAddressRecord } from './records.js';
import type { StoreContext } from './store-context.js';
import { deleteItem, getItem, putItem } from './table-operations.js';

type Item = Record<string, unknown>;

const aclFromItem = (item: Item): IpAclRecord => ({
  sid: str(item, 'sid'),
  accountSid: str(item, 'accountSid'),
  friendlyName: str(item, 'friendlyName'),
  dateCreated: str(item, 'dateCreated'),
  dateUpdated: str(item, 'dateUpdated'),
});

const addressFromItem = (item: Item): IpAddressRecord => ({
  sid: str(item, 'sid'),
  accountSid: str(item, 'accountSid'),
  ipAccessControlListSid: str(item, 'ipAccessControlListSid'),
  friendlyName: str(item, 'friendlyName'),
  ipAddress: str(item, 'ipAddress'),
  cidrPrefixLength: num(item, 'cidrPrefixLength'),
  dateCreated: str(item, 'dateCreated'),
  dateUpdated: str(item, 'dateUpdated'),
});

const accountAcls = (accountSid: string) => ({
  partition: keys.accountPartition(accountSid),
  sortKeyPrefix: ACCOUNT_CHILD.ipAcl,
});
const aclAddresses = (aclSid: string) => ({
  partition: keys.ipAclPartition(aclSid),
  sortKeyPrefix: keys.ipAddressPrefix,
});

export async function getIpAcl(ctx: StoreContext, accountSid: string, aclSid: string) {
  const out = await getItem(ctx, {
    TableName: ctx.tableName,
    Key: keys.ipAcl(accountSid, aclSid),
    ConsistentRead: true,
  });
  return out.Item === undefined ? undefined : aclFromItem(out.Item);
}

export async function listIpAcls(ctx: StoreContext, accountSid: string, page: PageRequest) {
  return mapPage(await queryPage(ctx, accountAcls(accountSid), page), aclFromItem);
}

/** All ACLs of an account (at most `maxIpAclsPerAccount`): for the name-uniqueness check. */
export async function allIpAcls(ctx: StoreContext, accountSid: string) {
  return (await queryAll(ctx, accountAcls(accountSid))).map(aclFromItem);
}

export function countIpAcls(ctx: StoreContext, accountSid: string): Promise<number> {
  return countItems(ctx, accountAcls(accountSid));
}

export async function putIpAcl(ctx: StoreContext, acl: IpAclRecord): Promise<void> {
  await putItem(ctx, {
    TableName: ctx.tableName,
    Item: { ...keys.ipAcl(acl.accountSid, acl.sid), type: 'IpAccessControlList', ...acl },
  });
}

export async function deleteIpAcl(ctx: StoreContext, accountSid: string, aclSid: string): Promise<void> {
  await deleteItem(ctx, { TableName: ctx.tableName, Key: keys.ipAcl(accountSid, aclSid) });
  for (const child of await queryAll(ctx, { partition: keys.ipAclPartition(aclSid) })) {
    await deleteItem(ctx, { TableName: ctx.tableName, Key: { pk: child.pk, sk: child.sk } });
  }
}

export async function getIpAddress(ctx: StoreContext, aclSid: string, ipSid: string) {
  const out = await getItem(ctx, {
    TableName: ctx.tableName,
    Key: keys.ipAddress(aclSid, ipSid),
    ConsistentRead: true,
  });
  return out.Item === undefined ? undefined : addressFromItem(out.Item);
}

export async function listIpAddresses(ctx: StoreContext, aclSid: string, page: PageRequest) {
  return mapPage(await queryPage(ctx, aclAddresses(aclSid), page), addressFromItem);
}

/** Every entry of one ACL (at most `maxIpAddressesPerAcl`): for duplicates and the IP check. */
export async function allIpAddresses(ctx: StoreContext, aclSid: string) {
  return (await queryAll(ctx, aclAddresses(aclSid))).map(addressFromItem);
}

export async function putIpAddress(ctx: StoreContext, address: IpAddressRecord): Promise<void> {
  await putItem(ctx, {
    TableName: ctx.tableName,
    Item: { ...keys.ipAddress(address.ipAccessControlListSid, address.sid), type: 'IpAddress', ...address },
  });
}

export async function deleteIpAddress(ctx: StoreContext, aclSid: string, ipSid: string): Promise<void> {
  await deleteItem(ctx, { TableName: ctx.tableName, Key: keys.ipAddress(aclSid, ipSid) });
}
