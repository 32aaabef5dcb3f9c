import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_SCHEMA } from '#functions/shared/store/table-schema.js';
import { buildTestApp, synthTemplates, templateOf } from './support/test-app.js';

describe('data stack', () => {
  let template: Template;
  beforeAll(() => {
    template = templateOf(synthTemplates(buildTestApp().app), 'SipEdge-Data');
  });

  it('has one on-demand global table with a replica in every edge region', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    const table = Object.values(template.findResources('AWS::DynamoDB::GlobalTable'))[0];
    expect(table?.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    const regions = table?.Properties.Replicas.map((r: { Region: string }) => r.Region).sort();
    expect(regions).toEqual(['ap-southeast-2', 'us-east-1']);
  });

  it('keys, indexes and TTL come from the shared TABLE_SCHEMA', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: TABLE_SCHEMA.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: TABLE_SCHEMA.sortKey.name, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: TABLE_SCHEMA.globalSecondaryIndexes.map((gsi) =>
        Match.objectLike({
          IndexName: gsi.indexName,
          KeySchema: [
            { AttributeName: gsi.partitionKey.name, KeyType: 'HASH' },
            { AttributeName: gsi.sortKey.name, KeyType: 'RANGE' },
          ],
        }),
      ),
      TimeToLiveSpecification: { AttributeName: TABLE_SCHEMA.timeToLiveAttribute, Enabled: true },
    });
  });

  it('protects every replica: PITR, deletion protection, RETAIN', () => {
    const [id, table] = Object.entries(template.findResources('AWS::DynamoDB::GlobalTable'))[0] ?? [];
    expect(id).toBeDefined();
    expect(table?.DeletionPolicy).toBe('Retain');
    expect(table?.UpdateReplacePolicy).toBe('Retain');
    for (const replica of table?.Properties.Replicas ?? []) {
      expect(replica.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(replica.DeletionProtectionEnabled).toBe(true);
    }
  });

  it('holds the nonce HMAC key in Secrets Manager, replicated to the other edge regions and retained', () => {
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: {
        Name: 'sipedge/nonce-hmac-key',
        ReplicaRegions: [{ Region: 'ap-southeast-2' }],
        GenerateSecretString: Match.objectLike({ PasswordLength: 64 }),
      },
    });
  });
});
