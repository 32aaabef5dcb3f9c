import { RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AttributeType, Billing, type ITableV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { TABLE_SCHEMA } from '#functions/shared/store/table-schema.js';

export interface DataStackProps extends StackProps {
  /** Regions (besides this stack's) that get a table replica and a replica of the nonce secret. */
  readonly replicaRegions: readonly string[];
  /** Physical name of the nonce secret, identical in every region so edge stacks can import it by name. */
  readonly nonceSecretName: string;
}

const KEY_TYPES = { S: AttributeType.STRING, N: AttributeType.NUMBER } as const;

/**
 * The stateful part of SipEdge: one global table (the location service and the control-plane data) and
 * the nonce HMAC key every gateway and handler shares. Construct ids here never change.
 */
export class DataStack extends Stack {
  readonly table: TableV2;
  readonly nonceKey: Secret;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    if (props.replicaRegions.includes(this.region)) {
      throw new Error(`replicaRegions must not contain the primary region ${this.region}`);
    }
    const key = (k: { readonly name: string; readonly type: 'S' | 'N' }) => ({
      name: k.name,
      type: KEY_TYPES[k.type],
    });

    // Same schema as the local runtime's CreateTable (functions/shared/store/table-schema.ts).
    this.table = new TableV2(this, 'Table', {
      partitionKey: key(TABLE_SCHEMA.partitionKey),
      sortKey: key(TABLE_SCHEMA.sortKey),
      globalSecondaryIndexes: TABLE_SCHEMA.globalSecondaryIndexes.map((gsi) => ({
        indexName: gsi.indexName,
        partitionKey: key(gsi.partitionKey),
        sortKey: key(gsi.sortKey),
      })),
      timeToLiveAttribute: TABLE_SCHEMA.timeToLiveAttribute,
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      replicas: props.replicaRegions.map((region) => ({ region })),
    });

    this.nonceKey = new Secret(this, 'NonceKey', {
      secretName: props.nonceSecretName,
      description: 'SipEdge: HMAC key of the stateless digest nonces, shared by all gateways and handlers',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      replicaRegions: props.replicaRegions.map((region) => ({ region })),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.nonceKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the nonce key only makes open challenges stale (clients retry); rotate by hand, see docs/deploy.md',
    });
  }

  /** The table as seen from `region`: the table itself here, its replica elsewhere. */
  tableIn(region: string): ITableV2 {
    return region === this.region ? this.table : this.table.replica(region);
  }
}
