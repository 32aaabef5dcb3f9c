import { err, ok, type Result } from '../result.js';
import type { Ha1Digests } from './digest.js';
import { isConditionFailure, str } from './item-fields.js';
import { ACCOUNT_CHILD, keys } from './keys.js';
import { countItems, mapPage, type PageRequest, queryAll, queryPage } from './query.js';
import type { CredentialListRecord, CredentialRecord } from './records.js';
import type { StoreContext } from './store-context.js';
import { deleteItem, getItem, putItem, updateItem } from './table-operations.js';

type Item = Record<string, unknown>;

const listFromItem = (item: Item): CredentialListRecord => ({
  sid: str(item, 'sid'),
  accountSid: str(item, 'accountSid'),
  friendlyName: str(item, 'friendlyName'),
  dateCreated: str(item, 'dateCreated'),
  dateUpdated: str(item, 'dateUpdated'),
});

const credentialFromItem = (item: Item): CredentialRecord => ({
  sid: str(item, 'sid'),
  accountSid: str(item, 'accountSid'),
  credentialListSid: str(item, 'credentialListSid'),
  username: str(item, 'username'),
  dateCreated: str(item, 'dateCreated'),
  dateUpdated: str(item, 'dateUpdated'),
});

/** What the registrar needs to check a digest response; never the password. */
export interface StoredDigest extends Ha1Digests {
  readonly credentialSid: string;
  readonly credentialListSid: string;
  readonly username: string;
  readonly realm: string;
}

const accountLists = (accountSid: string) => ({
  partition: keys.accountPartition(accountSid),
  sortKeyPrefix: ACCOUNT_CHILD.credentialList,
});

export async function getCredentialList(ctx: StoreContext, accountSid: string, listSid: string) {
  const out = await getItem(ctx, {
    TableName: ctx.tableName,
    Key: keys.credentialList(accountSid, listSid),
    ConsistentRead: true,
  });
  return out.Item === undefined ? undefined : listFromItem(out.Item);
}

export async function listCredentialLists(ctx: StoreContext, accountSid: string, page: PageRequest) {
  return mapPage(await queryPage(ctx, accountLists(accountSid), page), listFromItem);
}

/** All lists of an account (at most `maxCredentialListsPerAccount`): for the name-uniqueness check. */
export async function allCredentialLists(ctx: StoreContext, accountSid: string) {
  return (await queryAll(ctx, accountLists(accountSid))).map(listFromItem);
}

export async function putCredentialList(ctx: StoreContext, list: CredentialListRecord): Promise<void> {
  await putItem(ctx, {
    TableName: ctx.tableName,
    Item: { ...keys.credentialList(list.accountSid, list.sid), type: 'CredentialList', ...list },
  });
}

/** Deletes the list item first (it disappears from the API), then its credentials and username items. */
export async function deleteCredentialList(ctx: StoreContext, accountSid: string, listSid: string) {
  await deleteItem(ctx, { TableName: ctx.tableName, Key: keys.credentialList(accountSid, listSid) });
  const children = await queryAll(ctx, { partition: keys.credentialListPartition(listSid) });
  for (const child of children) {
    await deleteItem(ctx, { TableName: ctx.tableName, Key: { pk: child.pk, sk: child.sk } });
  }
}

export function countCredentials(ctx: StoreContext, listSid: string): Promise<number> {
  return countItems(ctx, {
    partition: keys.credentialListPartition(listSid),
    sortKeyPrefix: keys.credentialPrefix,
  });
}

export async function listCredentials(ctx: StoreContext, listSid: string, page: PageRequest) {
  const target = { partition: keys.credentialListPartition(listSid), sortKeyPrefix: keys.credentialPrefix };
  return mapPage(await queryPage(ctx, target, page), credentialFromItem);
}

export async function getCredential(ctx: StoreContext, listSid: string, credentialSid: string) {
  const out = await getItem(ctx, {
    TableName: ctx.tableName,
    Key: keys.credential(listSid, credentialSid),
    ConsistentRead: true,
  });
  return out.Item === undefined ? undefined : credentialFromItem(out.Item);
}

/**
 * Creates a credential: a conditional put of the username item (unique within the list; it holds
 * the HA1 digests) and then the credential item the API reads by SID.
 */
export async function createCredential(
  ctx: StoreContext,
  credential: CredentialRecord,
  digest: Ha1Digests & { readonly realm: string },
): Promise<Result<void, 'usernameTaken'>> {
  try {
    await putItem(ctx, {
      TableName: ctx.tableName,
      Item: {
        ...keys.username(credential.credentialListSid, credential.username),
        type: 'Username',
        credentialSid: credential.sid,
        credentialListSid: credential.credentialListSid,
        username: credential.username,
        ...digest,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  } catch (error) {
    if (isConditionFailure(error)) return err('usernameTaken');
    throw error;
  }
  await putItem(ctx, {
    TableName: ctx.tableName,
    Item: {
      ...keys.credential(credential.credentialListSid, credential.sid),
      type: 'Credential',
      ...credential,
    },
  });
  return ok(undefined);
}

/** Replaces the digests (password change) and stamps the credential item. */
export async function updateCredentialDigest(
  ctx: StoreContext,
  credential: CredentialRecord,
  digest: Ha1Digests & { readonly realm: string },
): Promise<void> {
  await updateItem(ctx, {
    TableName: ctx.tableName,
    Key: keys.username(credential.credentialListSid, credential.username),
    UpdateExpression: 'SET ha1Md5 = :md5, ha1Sha256 = :sha, realm = :realm',
    ExpressionAttributeValues: { ':md5': digest.ha1Md5, ':sha': digest.ha1Sha256, ':realm': digest.realm },
  });
  await updateItem(ctx, {
    TableName: ctx.tableName,
    Key: keys.credential(credential.credentialListSid, credential.sid),
    UpdateExpression: 'SET dateUpdated = :now',
    ExpressionAttributeValues: { ':now': credential.dateUpdated },
  });
}

export async function deleteCredential(ctx: StoreContext, credential: CredentialRecord): Promise<void> {
  await deleteItem(ctx, {
    TableName: ctx.tableName,
    Key: keys.credential(credential.credentialListSid, credential.sid),
  });
  try {
    await deleteItem(ctx, {
      TableName: ctx.tableName,
      Key: keys.username(credential.credentialListSid, credential.username),
      ConditionExpression: 'credentialSid = :sid',
      ExpressionAttributeValues: { ':sid': credential.sid },
    });
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** The registrar's lookup: digests of `username` in one list (one eventually consistent read). */
export async function getStoredDigest(
  ctx: StoreContext,
  listSid: string,
  username: string,
): Promise<StoredDigest | undefined> {
  const out = await getItem(ctx, { TableName: ctx.tableName, Key: keys.username(listSid, username) });
  if (out.Item === undefined) return undefined;
  const item = out.Item;
  return {
    credentialSid: str(item, 'credentialSid'),
    credentialListSid: str(item, 'credentialListSid'),
    username: str(item, 'username'),
    realm: str(item, 'realm'),
    ha1Md5: str(item, 'ha1Md5'),
    ha1Sha256: str(item, 'ha1Sha256'),
  };
}
