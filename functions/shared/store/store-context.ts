import type { DynamoCall } from './dynamo-http.js';

/** What every store adapter needs: a DynamoDB caller and the table name. */
export interface StoreContext {
  readonly dynamo: DynamoCall;
  readonly tableName: string;
}
