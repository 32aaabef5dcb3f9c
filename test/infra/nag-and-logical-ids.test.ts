import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, synthTemplates, templateOf } from './support/test-app.js';

interface PluginReport {
  readonly pluginName: string;
  readonly violations: unknown[];
  readonly suppressedViolations: { readonly reason: string }[];
}

/** Resources whose replacement loses data, changes customer-facing addresses or drops subscriptions. */
const STATEFUL_TYPES = [
  'AWS::DynamoDB::GlobalTable',
  'AWS::SecretsManager::Secret',
  'AWS::EC2::EIP',
  'AWS::Logs::LogGroup',
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::Route53::RecordSet',
  'AWS::SNS::Topic',
];

function statefulIds(template: Template): string[] {
  return STATEFUL_TYPES.flatMap((type) =>
    Object.keys(template.findResources(type)).map((id) => `${type} ${id}`),
  );
}

describe('the whole app under cdk-nag AwsSolutions', () => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'sipedge-nag-'));
  let templates: ReadonlyMap<string, Template>;
  beforeAll(() => {
    const { app } = buildTestApp({
      outdir,
      overrides: {
        hostedZone: { hostedZoneId: 'Z0123456789ABC', zoneName: 'example.com' },
        tlsSecretName: 'sipedge/tls',
        alarmEmail: 'ops@example.com',
      },
    });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    templates = synthTemplates(app); // throws on any unacknowledged finding
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('reports no unacknowledged findings, and a specific reason for each acknowledged one', () => {
    const report: { pluginReports: PluginReport[] } = JSON.parse(
      readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'),
    );
    for (const plugin of report.pluginReports) {
      expect(plugin.violations, plugin.pluginName).toEqual([]);
      for (const suppressed of plugin.suppressedViolations)
        expect(suppressed.reason.length).toBeGreaterThan(40);
    }
  });

  it('fails synth on a finding nobody acknowledged (the plugin is live)', () => {
    const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'sipedge-nag-neg-')) });
    const stack = new Stack(app, 'Open', { env: { account: '111111111111', region: 'us-east-1' } });
    new Topic(stack, 'Unencrypted');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    try {
      expect(() => app.synth()).toThrow(/AwsSolutions-SNS3/);
    } finally {
      rmSync(app.outdir, { recursive: true, force: true });
    }
  });

  it('keeps the logical ids of stateful resources (a change here means CloudFormation replaces them)', () => {
    const ids = Object.fromEntries(
      [...templates.keys()].sort().map((name) => [name, statefulIds(templateOf(templates, name))]),
    );
    expect(ids).toMatchInlineSnapshot(`
      {
        "SipEdge-Admin": [
          "AWS::Logs::LogGroup AdminApiLogsB036E224",
          "AWS::Logs::LogGroup AccessLogs8B620ECA",
          "AWS::SNS::Topic AlarmsTopic3A2DFEBA",
        ],
        "SipEdge-Data": [
          "AWS::DynamoDB::GlobalTable TableCD117FA1",
          "AWS::SecretsManager::Secret NonceKey6371D824",
        ],
        "SipEdge-Edge-ashburn": [
          "AWS::EC2::EIP GatewayEip08A254797",
          "AWS::EC2::EIP GatewayEip1EFE5635D",
          "AWS::Logs::LogGroup RegisterLogs01221AED",
          "AWS::Logs::LogGroup RouteLogs4AA0B158",
          "AWS::Logs::LogGroup GatewayLogs34792D0F",
          "AWS::ElasticLoadBalancingV2::LoadBalancer GatewayNlb0BC0555A",
          "AWS::Route53::RecordSet DnsEdgeHost5AEE7A1E",
          "AWS::Route53::RecordSet DnsEdgeWildcard9DCD9AE9",
          "AWS::Route53::RecordSet DnsGlobalWildcard5063B619",
          "AWS::SNS::Topic AlarmsTopic3A2DFEBA",
        ],
        "SipEdge-Edge-sydney": [
          "AWS::EC2::EIP GatewayEip08A254797",
          "AWS::EC2::EIP GatewayEip1EFE5635D",
          "AWS::Logs::LogGroup RegisterLogs01221AED",
          "AWS::Logs::LogGroup RouteLogs4AA0B158",
          "AWS::Logs::LogGroup GatewayLogs34792D0F",
          "AWS::ElasticLoadBalancingV2::LoadBalancer GatewayNlb0BC0555A",
          "AWS::Route53::RecordSet DnsEdgeHost5AEE7A1E",
          "AWS::Route53::RecordSet DnsEdgeWildcard9DCD9AE9",
          "AWS::Route53::RecordSet DnsGlobalWildcard5063B619",
          "AWS::SNS::Topic AlarmsTopic3A2DFEBA",
        ],
      }
    `);
  });
});
