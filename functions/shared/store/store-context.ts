import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** What every store adapter needs: the document client and the table name. */
export interface StoreContext {
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
}
