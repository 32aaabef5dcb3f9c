import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_FUNCTION } from '../../infra/function-specs.js';
import { buildTestApp, synthTemplates, templateOf } from './support/test-app.js';

describe('admin API stack', () => {
  let template: Template;
  beforeAll(() => {
    template = templateOf(synthTemplates(buildTestApp().app), 'SipEdge-Admin');
  });

  it('routes every path of an HTTP API to the admin function, which checks Basic auth itself', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties);
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(['ANY /', 'ANY /{proxy+}']);
    for (const route of routes) expect(route.AuthorizationType ?? 'NONE').toBe('NONE');
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    });
  });

  it('throttles the default stage and writes access logs', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });

  it('runs the admin function on Node 22 ARM64 with the zone and the primary table', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Environment: {
        Variables: Match.objectLike({
          SIPEDGE_ZONE: 'voice.example.com',
          TABLE_NAME: { 'Fn::ImportValue': Match.anyValue() },
        }),
      },
    });
  });

  it('grants the admin function exactly its item actions on the table and its index actions on gsi1, nothing else', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement,
    );
    expect(statements).toHaveLength(2);
    const [table, index] = statements;
    expect([table.Action].flat().sort()).toEqual([...ADMIN_FUNCTION.tableActions].sort());
    expect(JSON.stringify(table.Resource)).not.toContain('/index/');
    expect([index.Action].flat()).toEqual([...ADMIN_FUNCTION.indexActions]);
    expect(JSON.stringify(index.Resource)).toContain('/index/gsi1');
    expect(JSON.stringify(statements.map((s) => s.Resource))).not.toContain('*');
  });

  it('alarms on errors, throttles and duration, to the stack alarm topic', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    expect(alarms.map((a) => a.MetricName).sort()).toEqual(['Duration', 'Errors', 'Throttles']);
    const [topicId] = Object.keys(template.findResources('AWS::SNS::Topic'));
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
    template.hasOutput('AlarmTopicArn', {});
  });

  it('outputs the API URL', () => {
    template.hasOutput('ApiUrl', {});
  });
});
