import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { CorruptItemError } from '../errors.js';
import { num, str } from './item-fields.js';
import { keys } from './keys.js';
import { mapPage, type PageRequest, queryPage } from './query.js';
import type { StoreContext } from './store-context.js';

type Item = Record<string, unknown>;

/** One registered contact of an AOR at one edge (RFC 3261 §10.3 binding). */
export interface BindingContact {
  readonly contact: string;
  readonly transport: string;
  /** `ip:port` the REGISTER came from. */
  readonly sourceAddress: string;
  readonly userAgent: string | null;
  readonly expiresAtMs: number;
}

/**
 * All bindings of one AOR registered at one edge. Only that edge's registrar writes this item, so
 * the regions of the global table never overwrite each other's bindings.
 */
export interface BindingItem {
  readonly accountSid: string;
  readonly domainSid: string;
  /** `sip:user@domain` */
  readonly aor: string;
  readonly aorUser: string;
  readonly edge: string;
  readonly contacts: readonly BindingContact[];
}

function contactFromValue(value: unknown): BindingContact {
  if (typeof value !== 'object' || value === null) throw new CorruptItemError('binding contact');
  const c = value as Item;
  return {
    contact: str(c, 'contact'),
    transport: str(c, 'transport'),
    sourceAddress: str(c, 'sourceAddress'),
    userAgent: typeof c.userAgent === 'string' ? c.userAgent : null,
    expiresAtMs: num(c, 'expiresAtMs'),
  };
}

export function bindingFromItem(item: Item): BindingItem {
  const contacts = item.contacts;
  return {
    accountSid: str(item, 'accountSid'),
    domainSid: str(item, 'domainSid'),
    aor: str(item, 'aor'),
    aorUser: str(item, 'aorUser'),
    edge: str(item, 'edge'),
    contacts: Array.isArray(contacts) ? contacts.map(contactFromValue) : [],
  };
}

/** Writes an (AOR, edge) item; `expiresAt` (TTL, epoch s) is the latest contact expiry. */
export async function putBindingItem(ctx: StoreContext, binding: BindingItem): Promise<void> {
  const latestMs = Math.max(0, ...binding.contacts.map((c) => c.expiresAtMs));
  await ctx.doc.send(
    new PutCommand({
      TableName: ctx.tableName,
      Item: {
        ...keys.binding(binding.domainSid, binding.aorUser, binding.edge),
        gsi1pk: keys.domainBindingsGsi(binding.domainSid),
        gsi1sk: `${binding.aorUser}#${binding.edge}`,
        type: 'Binding',
        ...binding,
        expiresAt: Math.ceil(latestMs / 1000),
      },
    }),
  );
}

/**
 * A page of a domain's binding items with expired contacts removed (dynalite never deletes by TTL
 * and DynamoDB deletes late, so expiry is always checked on read).
 */
export async function listDomainBindings(
  ctx: StoreContext,
  domainSid: string,
  page: PageRequest,
  nowMs: number,
) {
  const target = { partition: keys.domainBindingsGsi(domainSid), index: 'gsi1' as const };
  return mapPage(await queryPage(ctx, target, page), (item) => {
    const binding = bindingFromItem(item);
    return { ...binding, contacts: binding.contacts.filter((c) => c.expiresAtMs > nowMs) };
  });
}
