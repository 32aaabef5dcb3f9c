import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/** One key attribute of the table or of an index. */
export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S' | 'N';
}

export interface GlobalSecondaryIndex {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
}

export interface TableSchema {
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly globalSecondaryIndexes: readonly GlobalSecondaryIndex[];
  /** Epoch seconds; DynamoDB deletes the item some time after it (dynalite never does: filter on read). */
  readonly timeToLiveAttribute: string;
}

/**
 * The single SipEdge table (see docs/data-model.md). Keys are generic strings (`pk`, `sk`, `gsi1pk`,
 * `gsi1sk`) whose values are built only by `keys.ts`. Used by the local runtime (CreateTable against
 * dynalite) and by the CDK data stack (TableV2 + replicas), so both always agree.
 */
export const TABLE_SCHEMA = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalSecondaryIndexes: [
    {
      indexName: 'gsi1',
      partitionKey: { name: 'gsi1pk', type: 'S' },
      sortKey: { name: 'gsi1sk', type: 'S' },
    },
  ],
  timeToLiveAttribute: 'expiresAt',
} as const satisfies TableSchema;

/** CreateTable input (on-demand billing, every GSI projecting all attributes). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const attributes = new Map<string, KeyAttribute>();
  const all: KeyAttribute[] = [TABLE_SCHEMA.partitionKey, TABLE_SCHEMA.sortKey];
  for (const gsi of TABLE_SCHEMA.globalSecondaryIndexes) all.push(gsi.partitionKey, gsi.sortKey);
  for (const attribute of all) attributes.set(attribute.name, attribute);
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes.values()].map((a) => ({
      AttributeName: a.name,
      AttributeType: a.type,
    })),
    KeySchema: [
      { AttributeName: TABLE_SCHEMA.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: TABLE_SCHEMA.sortKey.name, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: TABLE_SCHEMA.globalSecondaryIndexes.map((gsi) => ({
      IndexName: gsi.indexName,
      KeySchema: [
        { AttributeName: gsi.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: gsi.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}
