import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoClientOptions {
  readonly region: string;
  /** Local endpoint (dynalite); unset on AWS. */
  readonly endpoint?: string;
}

export interface DynamoClients {
  readonly client: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
}

/** The one way SipEdge builds DynamoDB clients; against a local endpoint it uses dummy credentials. */
export function createDynamoClients(options: DynamoClientOptions): DynamoClients {
  const client = new DynamoDBClient({
    region: options.region,
    ...(options.endpoint === undefined
      ? {}
      : {
          endpoint: options.endpoint,
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }),
  });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return { client, doc };
}
