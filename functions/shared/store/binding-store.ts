import type { TransportProtocol } from '#sip/transport/transport.js';
import { CorruptItemError } from '../errors.js';
import { err, ok, type Result } from '../result.js';
import { isConditionFailure, num, str, strOrNull } from './item-fields.js';
import { keys } from './keys.js';
import { mapPage, type PageRequest, queryAll, queryPage } from './query.js';
import type { StoreContext } from './store-context.js';
import { deleteItem, putItem } from './table-operations.js';

type Item = Record<string, unknown>;

/** One registered contact of an AOR: a location record (RFC 3261 §10.3 binding, RFC 5626 §6). */
export interface BindingContact {
  /** The Contact URI as registered, without its header parameters. */
  readonly contactUri: string;
  /** `+sip.instance` without its quotes, e.g. `<urn:uuid:…>` (RFC 5626 §4.1). */
  readonly instanceId: string | null;
  /** `reg-id` (RFC 5626 §4.2). */
  readonly regId: number | null;
  /** Path header values of the REGISTER, in order (RFC 3327 §5.3). */
  readonly path: readonly string[];
  /** Transport the REGISTER arrived on. */
  readonly transport: TransportProtocol;
  /** Where the REGISTER came from: how a device behind NAT is reached (RFC 5626 §5). */
  readonly source: { readonly address: string; readonly port: number };
  /** The flow at the gateway instance below that received the REGISTER. */
  readonly flowId: string;
  readonly gatewayInstanceId: string;
  /** `host:port` where other gateways reach that instance to send requests over the flow. */
  readonly relayAddress: string;
  readonly userAgent: string | null;
  /** Call-ID and CSeq of the REGISTER that wrote the binding (RFC 3261 §10.3 step 7 ordering). */
  readonly callId: string;
  readonly cseq: number;
  /** When the REGISTER that last created or refreshed the binding was processed. */
  readonly registeredAtMs: number;
  readonly expiresAtMs: number;
}

/** Whose bindings an item holds: one AOR at one edge. */
export interface BindingOwner {
  readonly accountSid: string;
  readonly domainSid: string;
  /** `sip:user@domain` */
  readonly aor: string;
  readonly aorUser: string;
  readonly edge: string;
}

/**
 * All bindings of one AOR registered at one edge. Only that edge's registrar writes this item, so
 * the regions of the global table never overwrite each other's bindings.
 */
export interface BindingItem extends BindingOwner {
  /** Incremented by every write; each write is conditional on the version it read. */
  readonly version: number;
  readonly contacts: readonly BindingContact[];
}

const TRANSPORTS: ReadonlySet<string> = new Set<TransportProtocol>(['udp', 'tcp', 'tls']);

function corrupt(what: string): never {
  throw new CorruptItemError(`binding contact: ${what}`);
}

function contactFromValue(value: unknown): BindingContact {
  if (typeof value !== 'object' || value === null) return corrupt('not a map');
  const c = value as Item;
  const transport = str(c, 'transport');
  if (!TRANSPORTS.has(transport)) corrupt(`transport ${transport}`);
  const source = c.source as Item | undefined;
  if (typeof source !== 'object' || source === null) return corrupt('source');
  const path = c.path;
  if (!Array.isArray(path) || !path.every((p) => typeof p === 'string')) return corrupt('path');
  return {
    contactUri: str(c, 'contactUri'),
    instanceId: strOrNull(c, 'instanceId'),
    regId: c.regId === null || c.regId === undefined ? null : num(c, 'regId'),
    path,
    transport: transport as TransportProtocol,
    source: { address: str(source, 'address'), port: num(source, 'port') },
    flowId: str(c, 'flowId'),
    gatewayInstanceId: str(c, 'gatewayInstanceId'),
    relayAddress: str(c, 'relayAddress'),
    userAgent: strOrNull(c, 'userAgent'),
    callId: str(c, 'callId'),
    cseq: num(c, 'cseq'),
    registeredAtMs: num(c, 'registeredAtMs'),
    expiresAtMs: num(c, 'expiresAtMs'),
  };
}

/**
 * Reads an item with its expired contacts dropped (dynalite never deletes by TTL and DynamoDB
 * deletes late, so expiry is always checked on read).
 */
function bindingFromItem(item: Item, nowMs: number): BindingItem {
  const contacts = Array.isArray(item.contacts) ? item.contacts.map(contactFromValue) : [];
  return {
    accountSid: str(item, 'accountSid'),
    domainSid: str(item, 'domainSid'),
    aor: str(item, 'aor'),
    aorUser: str(item, 'aorUser'),
    edge: str(item, 'edge'),
    version: num(item, 'version'),
    contacts: contacts.filter((c) => c.expiresAtMs > nowMs),
  };
}

/**
 * Every edge's bindings of one AOR: one strongly consistent Query of the AOR partition (one item
 * per edge, replicated from the other regions). Items whose contacts all expired are returned
 * with no contacts: the registrar needs their version to rewrite them.
 */
export async function readAorBindings(
  ctx: StoreContext,
  domainSid: string,
  aorUser: string,
  nowMs: number,
): Promise<readonly BindingItem[]> {
  const items = await queryAll(ctx, { partition: keys.bindingPartition(domainSid, aorUser) });
  return items.map((item) => bindingFromItem(item, nowMs));
}

/**
 * Replaces the contacts of one (AOR, edge) item if it still has `expectedVersion` (null: the item
 * must not exist). An empty list deletes the item, under the same condition. `expiresAt` (TTL,
 * epoch s) is the latest contact expiry.
 */
export async function writeEdgeBindings(
  ctx: StoreContext,
  owner: BindingOwner,
  contacts: readonly BindingContact[],
  expectedVersion: number | null,
): Promise<Result<void, 'versionConflict'>> {
  const key = keys.binding(owner.domainSid, owner.aorUser, owner.edge);
  const condition =
    expectedVersion === null
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : {
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        };
  try {
    if (contacts.length === 0) {
      if (expectedVersion === null) return ok(undefined);
      await deleteItem(ctx, { TableName: ctx.tableName, Key: key, ...condition });
      return ok(undefined);
    }
    const latestMs = Math.max(...contacts.map((c) => c.expiresAtMs));
    await putItem(ctx, {
      TableName: ctx.tableName,
      Item: {
        ...key,
        gsi1pk: keys.domainBindingsGsi(owner.domainSid),
        gsi1sk: keys.domainBindingsGsiSort(owner.aorUser, owner.edge),
        type: 'Binding',
        accountSid: owner.accountSid,
        domainSid: owner.domainSid,
        aor: owner.aor,
        aorUser: owner.aorUser,
        edge: owner.edge,
        version: (expectedVersion ?? 0) + 1,
        contacts,
        expiresAt: Math.ceil(latestMs / 1000),
      },
      ...condition,
    });
    return ok(undefined);
  } catch (error) {
    if (isConditionFailure(error)) return err('versionConflict');
    throw error;
  }
}

/** A page of a domain's binding items (GSI1, by AOR user and edge) with expired contacts removed. */
export async function listDomainBindings(
  ctx: StoreContext,
  domainSid: string,
  page: PageRequest,
  nowMs: number,
) {
  const target = { partition: keys.domainBindingsGsi(domainSid), index: 'gsi1' as const };
  return mapPage(await queryPage(ctx, target, page), (item) => bindingFromItem(item, nowMs));
}
