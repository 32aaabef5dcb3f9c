import { err, ok, type Result } from '../result.js';
import { bool, isConditionFailure, str, strOrNull } from './item-fields.js';
import { ACCOUNT_CHILD, keys } from './keys.js';
import { countItems, mapPage, type PageRequest, queryPage } from './query.js';
import type { DomainRecord, HttpMethod } from './records.js';
import type { StoreContext } from './store-context.js';
import { deleteItem, getItem, putItem } from './table-operations.js';

type Item = Record<string, unknown>;

export function domainFromItem(item: Item): DomainRecord {
  return {
    sid: str(item, 'sid'),
    accountSid: str(item, 'accountSid'),
    domainName: str(item, 'domainName'),
    friendlyName: strOrNull(item, 'friendlyName'),
    voiceUrl: strOrNull(item, 'voiceUrl'),
    voiceMethod: str(item, 'voiceMethod') as HttpMethod,
    voiceFallbackUrl: strOrNull(item, 'voiceFallbackUrl'),
    voiceFallbackMethod: str(item, 'voiceFallbackMethod') as HttpMethod,
    voiceStatusCallbackUrl: strOrNull(item, 'voiceStatusCallbackUrl'),
    voiceStatusCallbackMethod: str(item, 'voiceStatusCallbackMethod') as HttpMethod,
    sipRegistration: bool(item, 'sipRegistration'),
    emergencyCallingEnabled: bool(item, 'emergencyCallingEnabled'),
    secure: bool(item, 'secure'),
    byocTrunkSid: strOrNull(item, 'byocTrunkSid'),
    emergencyCallerSid: strOrNull(item, 'emergencyCallerSid'),
    dateCreated: str(item, 'dateCreated'),
    dateUpdated: str(item, 'dateUpdated'),
  };
}

export interface DomainNameClaim {
  readonly accountSid: string;
  readonly domainSid: string;
}

export async function getDomain(
  ctx: StoreContext,
  accountSid: string,
  domainSid: string,
): Promise<DomainRecord | undefined> {
  const out = await getItem(ctx, {
    TableName: ctx.tableName,
    Key: keys.domain(accountSid, domainSid),
    ConsistentRead: true,
  });
  return out.Item === undefined ? undefined : domainFromItem(out.Item);
}

export async function getDomainNameClaim(
  ctx: StoreContext,
  domainName: string,
): Promise<DomainNameClaim | undefined> {
  const out = await getItem(ctx, {
    TableName: ctx.tableName,
    Key: keys.domainName(domainName),
    ConsistentRead: true,
  });
  if (out.Item === undefined) return undefined;
  return { accountSid: str(out.Item, 'accountSid'), domainSid: str(out.Item, 'domainSid') };
}

/** The registrar's and router's entry point: the domain a Request-URI host names. */
export async function getDomainByName(
  ctx: StoreContext,
  domainName: string,
): Promise<DomainRecord | undefined> {
  const claim = await getDomainNameClaim(ctx, domainName);
  return claim === undefined ? undefined : getDomain(ctx, claim.accountSid, claim.domainSid);
}

export function countDomains(ctx: StoreContext, accountSid: string): Promise<number> {
  return countItems(ctx, {
    partition: keys.accountPartition(accountSid),
    sortKeyPrefix: ACCOUNT_CHILD.domain,
  });
}

export async function listDomains(ctx: StoreContext, accountSid: string, page: PageRequest) {
  const target = { partition: keys.accountPartition(accountSid), sortKeyPrefix: ACCOUNT_CHILD.domain };
  return mapPage(await queryPage(ctx, target, page), domainFromItem);
}

export async function hasSubdomains(ctx: StoreContext, domainName: string): Promise<boolean> {
  const n = await countItems(ctx, {
    partition: keys.domainName(domainName).pk,
    sortKeyPrefix: keys.subdomainPrefix,
  });
  return n > 0;
}

/** Atomically claims a name for a domain (unique across all accounts): a conditional put. */
export async function claimDomainName(
  ctx: StoreContext,
  domainName: string,
  claim: DomainNameClaim,
): Promise<Result<void, 'nameTaken'>> {
  try {
    await putItem(ctx, {
      TableName: ctx.tableName,
      Item: { ...keys.domainName(domainName), type: 'DomainNameClaim', domainName, ...claim },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    return ok(undefined);
  } catch (error) {
    if (isConditionFailure(error)) return err('nameTaken');
    throw error;
  }
}

/** Releases a claim only if it still belongs to this domain (a concurrent re-claim is left alone). */
export async function releaseDomainName(
  ctx: StoreContext,
  domainName: string,
  domainSid: string,
): Promise<void> {
  try {
    await deleteItem(ctx, {
      TableName: ctx.tableName,
      Key: keys.domainName(domainName),
      ConditionExpression: 'domainSid = :sid',
      ExpressionAttributeValues: { ':sid': domainSid },
    });
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

export async function putSubdomainMarker(ctx: StoreContext, parentName: string, childName: string) {
  await putItem(ctx, {
    TableName: ctx.tableName,
    Item: { ...keys.subdomain(parentName, childName), type: 'SubdomainMarker' },
  });
}

export async function deleteSubdomainMarker(ctx: StoreContext, parentName: string, childName: string) {
  await deleteItem(ctx, { TableName: ctx.tableName, Key: keys.subdomain(parentName, childName) });
}

export async function putDomain(ctx: StoreContext, domain: DomainRecord): Promise<void> {
  await putItem(ctx, {
    TableName: ctx.tableName,
    Item: { ...keys.domain(domain.accountSid, domain.sid), type: 'Domain', ...domain },
  });
}

export async function deleteDomainItem(
  ctx: StoreContext,
  accountSid: string,
  domainSid: string,
): Promise<void> {
  await deleteItem(ctx, { TableName: ctx.tableName, Key: keys.domain(accountSid, domainSid) });
}
