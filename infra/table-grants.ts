import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { TABLE_SCHEMA } from '#functions/shared/store/table-schema.js';
import type { IndexAction, TableAction } from './function-specs.js';

/**
 * Grants exactly `tableActions` on the table and `indexActions` on each of its named indexes: unlike
 * `table.grant()`, no `index/*` wildcard, no DescribeTable, and no index access the code does not use.
 */
export function grantTableActions(
  grantee: IGrantable,
  table: ITableV2,
  tableActions: readonly TableAction[],
  indexActions: readonly IndexAction[],
): void {
  if (tableActions.length > 0) {
    Grant.addToPrincipal({ grantee, actions: [...tableActions], resourceArns: [table.tableArn] });
  }
  if (indexActions.length > 0) {
    const indexArns = TABLE_SCHEMA.globalSecondaryIndexes.map(
      (gsi) => `${table.tableArn}/index/${gsi.indexName}`,
    );
    Grant.addToPrincipal({ grantee, actions: [...indexActions], resourceArns: indexArns });
  }
}
