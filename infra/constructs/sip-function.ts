import path from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IAlarmAction, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, LoggingFormat, Runtime, SystemLogLevel } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { FunctionSpec } from '../function-specs.js';
import { grantTableActions } from '../table-grants.js';

/** Repository root: function entries and the lock file are resolved from here. */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * esbuild options of every function bundle. ESM with a `require` shim for CommonJS dependencies; the AWS
 * SDK v3 comes from the Lambda runtime.
 */
export const FUNCTION_BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node22',
  minify: true,
  sourceMap: true,
  externalModules: ['@aws-sdk/*'],
  banner:
    "import { createRequire as __sipedgeRequire } from 'node:module'; const require = __sipedgeRequire(import.meta.url);",
};

export interface SipFunctionProps {
  readonly spec: FunctionSpec;
  /** The table (or its replica) in this stack's region. */
  readonly table: ITableV2;
  /** Required when `spec.readsNonceKey`. */
  readonly nonceKey?: ISecret;
  /** Variables besides TABLE_NAME and NONCE_SECRET_NAME. */
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetention: RetentionDays;
  /** Where every alarm of the function notifies (the stack's alarm topic). */
  readonly alarmAction: IAlarmAction;
}

/**
 * A SipEdge Lambda function: NodejsFunction (esbuild, ARM64, Node 22), its own log group with retention,
 * exactly the table actions of its spec, and alarms on errors, throttles and duration.
 */
export class SipFunction extends Construct {
  readonly function: NodejsFunction;
  readonly alarms: readonly Alarm[];

  constructor(scope: Construct, id: string, props: SipFunctionProps) {
    super(scope, id);
    const { spec } = props;
    if (spec.readsNonceKey && props.nonceKey === undefined) {
      throw new Error(`function ${spec.id} reads the nonce key but no nonceKey secret was given`);
    }
    const logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(PROJECT_ROOT, spec.entry),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMiB,
      timeout: Duration.seconds(spec.timeoutSec),
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      // No START/REPORT record per invocation (about 0.5 KB each, the bulk of the log bill at SIP
      // rates). Uncaught errors are still logged (application level); the Lambda metrics and the
      // alarms below do not read logs.
      systemLogLevelV2: SystemLogLevel.WARN,
      bundling: FUNCTION_BUNDLING,
      environment: {
        ...props.environment,
        TABLE_NAME: props.table.tableName,
        ...(props.nonceKey && spec.readsNonceKey ? { NONCE_SECRET_NAME: props.nonceKey.secretName } : {}),
        NODE_OPTIONS: '--enable-source-maps',
      },
    });
    grantTableActions(this.function, props.table, spec.tableActions, spec.indexActions);
    if (spec.readsNonceKey) props.nonceKey?.grantRead(this.function);
    this.alarms = this.createAlarms(spec);
    for (const alarm of this.alarms) alarm.addAlarmAction(props.alarmAction);

    Validations.of(this.function).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          'AWSLambdaBasicExecutionRole only allows writing to CloudWatch Logs; the log group is this function’s own',
      },
      {
        id: 'AwsSolutions-L1',
        reason:
          'Pinned to nodejs22.x, the runtime the gateway image and the local runtime use; upgraded deliberately',
      },
    );
  }

  private createAlarms(spec: FunctionSpec): Alarm[] {
    const fn = this.function;
    const period = Duration.minutes(5);
    const alarm = (id: string, props: Omit<ConstructorParameters<typeof Alarm>[2], 'treatMissingData'>) =>
      new Alarm(this, id, { treatMissingData: TreatMissingData.NOT_BREACHING, ...props });
    return [
      alarm('Errors', {
        alarmDescription: `${spec.id}: invocations ended in an error`,
        metric: fn.metricErrors({ period, statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      }),
      alarm('Throttles', {
        alarmDescription: `${spec.id}: invocations were throttled (account or reserved concurrency)`,
        metric: fn.metricThrottles({ period, statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      }),
      alarm('Duration', {
        alarmDescription: `${spec.id}: p99 duration above 80% of the ${spec.timeoutSec} s timeout`,
        metric: fn.metricDuration({ period, statistic: 'p99' }),
        threshold: spec.timeoutSec * 1000 * 0.8,
        evaluationPeriods: 3,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      }),
    ];
  }
}
