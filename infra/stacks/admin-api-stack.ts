import { CfnOutput, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { AlarmTopic } from '../constructs/alarm-topic.js';
import { SipFunction } from '../constructs/sip-function.js';
import type { FunctionSpec } from '../function-specs.js';

export interface AdminApiStackProps extends StackProps {
  /** The table in this (the primary) region. */
  readonly table: ITableV2;
  readonly zone: string;
  readonly adminFunction: FunctionSpec;
  readonly logRetentionDays: number;
  /** @default - no subscription; subscribe to the AlarmTopicArn output */
  readonly alarmEmail: string | undefined;
}

/** Access log line of the HTTP API: variables HTTP APIs support, no request bodies or credentials. */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  sourceIp: '$context.identity.sourceIp',
  method: '$context.httpMethod',
  path: '$context.path',
  status: '$context.status',
  responseLength: '$context.responseLength',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
};

/**
 * The Twilio-compatible control-plane API: an HTTP API in the primary region, every route to the admin
 * function, which checks HTTP Basic auth itself (as the local runtime does).
 */
export class AdminApiStack extends Stack {
  readonly api: HttpApi;
  readonly adminFunction: SipFunction;

  constructor(scope: Construct, id: string, props: AdminApiStackProps) {
    super(scope, id, props);
    const logRetention = props.logRetentionDays as RetentionDays;
    const alarms = new AlarmTopic(this, 'Alarms', { email: props.alarmEmail });
    this.adminFunction = new SipFunction(this, props.adminFunction.id, {
      spec: props.adminFunction,
      table: props.table,
      environment: { SIPEDGE_ZONE: props.zone },
      logRetention,
      alarmAction: alarms.action,
    });

    this.api = new HttpApi(this, 'Api', {
      description: 'SipEdge control-plane API (Twilio-compatible SIP Domains resources)',
      createDefaultStage: false,
    });
    const integration = new HttpLambdaIntegration('Admin', this.adminFunction.function);
    const routes = ['/', '/{proxy+}'].flatMap((path) =>
      this.api.addRoutes({ path, methods: [HttpMethod.ANY], integration }),
    );
    for (const route of routes) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'Twilio-compatible HTTP Basic auth (account SID and auth token) is verified by the admin function',
      });
    }

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    new CfnOutput(this, 'ApiUrl', {
      value: stage.url,
      description: 'Base URL of the SipEdge API (for the CLI)',
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: alarms.topic.topicArn,
      description: 'SNS topic of the admin function alarms',
    });
  }
}
