import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type {
  DeleteCommandInput,
  GetCommandInput,
  PutCommandInput,
  QueryCommandInput,
  UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { StoreContext } from './store-context.js';

/**
 * The item operations of the store adapters, with plain JavaScript values in and out like the
 * SDK's document client (same input shapes). One exported function per operation, so a bundle
 * contains only the operations its code uses (test/infra/function-grants.test.ts).
 */

type Item = Record<string, unknown>;
type WireItem = Record<string, AttributeValue>;

const MARSHALL = { removeUndefinedValues: true } as const;

const toWire = (value: Item | undefined) => (value === undefined ? undefined : marshall(value, MARSHALL));
const fromWire = (value: unknown) => (value === undefined ? undefined : unmarshall(value as WireItem));

/** The request body: the input with its value-carrying members in wire format. */
function wireBody(input: object): object {
  const body: Item = { ...input };
  for (const member of ['Item', 'Key', 'ExpressionAttributeValues', 'ExclusiveStartKey']) {
    if (body[member] !== undefined) body[member] = toWire(body[member] as Item);
  }
  return body;
}

export async function getItem(ctx: StoreContext, input: GetCommandInput): Promise<{ Item?: Item }> {
  const out = await ctx.dynamo('GetItem', wireBody(input));
  return { Item: fromWire(out.Item) };
}

export async function putItem(ctx: StoreContext, input: PutCommandInput): Promise<{ Attributes?: Item }> {
  const out = await ctx.dynamo('PutItem', wireBody(input));
  return { Attributes: fromWire(out.Attributes) };
}

export async function updateItem(
  ctx: StoreContext,
  input: UpdateCommandInput,
): Promise<{ Attributes?: Item }> {
  const out = await ctx.dynamo('UpdateItem', wireBody(input));
  return { Attributes: fromWire(out.Attributes) };
}

export async function deleteItem(
  ctx: StoreContext,
  input: DeleteCommandInput,
): Promise<{ Attributes?: Item }> {
  const out = await ctx.dynamo('DeleteItem', wireBody(input));
  return { Attributes: fromWire(out.Attributes) };
}

export async function queryItems(
  ctx: StoreContext,
  input: QueryCommandInput,
): Promise<{ Items: Item[]; Count: number; LastEvaluatedKey?: Item }> {
  const out = await ctx.dynamo('Query', wireBody(input));
  const items = Array.isArray(out.Items) ? out.Items.map((item) => unmarshall(item as WireItem)) : [];
  return {
    Items: items,
    Count: typeof out.Count === 'number' ? out.Count : items.length,
    LastEvaluatedKey: fromWire(out.LastEvaluatedKey),
  };
}
