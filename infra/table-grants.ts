import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { TABLE_SCHEMA } from '#functions/shared/store/table-schema.js';
import type { TableAction } from './function-specs.js';

/**
 * Grants exactly `actions` on the table and on each of its named indexes: unlike `table.grant()`, no
 * `index/*` wildcard and no DescribeTable.
 */
export function grantTableActions(
  grantee: IGrantable,
  table: ITableV2,
  actions: readonly TableAction[],
): void {
  if (actions.length === 0) return;
  const indexArns = TABLE_SCHEMA.globalSecondaryIndexes.map(
    (gsi) => `${table.tableArn}/index/${gsi.indexName}`,
  );
  Grant.addToPrincipal({ grantee, actions: [...actions], resourceArns: [table.tableArn, ...indexArns] });
}
