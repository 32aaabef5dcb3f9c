import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WEBHOOK_LIMITS } from '#functions/route/webhook/webhook-limits.js';
import { GATEWAY_CONFIG_DEFAULTS } from '#sip/config/gateway-config.js';
import { EDGE_FUNCTIONS } from '../../infra/function-specs.js';
import { buildTestApp, synthTemplates, templateOf } from './support/test-app.js';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

function statementsOf(template: Template, rolePrefix: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(rolePrefix))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}
const actionsOf = (statements: Statement[]) =>
  [...new Set(statements.flatMap((s) => [s.Action].flat()))].sort();

interface FunctionProperties {
  readonly Runtime: string;
  readonly Architectures: string[];
  readonly MemorySize: number;
  readonly Timeout: number;
  readonly LoggingConfig: {
    readonly LogGroup: unknown;
    readonly LogFormat: string;
    readonly SystemLogLevel: string;
  };
  readonly Environment: { readonly Variables: Record<string, unknown> };
}

/** The handler functions of an edge template by spec id (`Register`, `Route`). */
function edgeFunctions(template: Template): Record<string, FunctionProperties> {
  const functions = Object.entries(template.findResources('AWS::Lambda::Function')).filter(
    ([, f]) => f.Properties.Handler === 'index.handler',
  );
  return Object.fromEntries(
    functions.map(([id, f]) => [id.replace(/Function[0-9A-F]{8}$/, ''), f.Properties]),
  );
}

function edgeFunction(template: Template, id: string): FunctionProperties {
  const fn = edgeFunctions(template)[id];
  if (fn === undefined) throw new Error(`no function ${id}`);
  return fn;
}

describe('edge stack', () => {
  let ashburn: Template;
  let sydney: Template;
  beforeAll(() => {
    const templates = synthTemplates(buildTestApp().app);
    ashburn = templateOf(templates, 'SipEdge-Edge-ashburn');
    sydney = templateOf(templates, 'SipEdge-Edge-sydney');
  });

  it('has a two-AZ VPC with public subnets only and no NAT gateway', () => {
    sydney.resourceCountIs('AWS::EC2::NatGateway', 0);
    sydney.resourceCountIs('AWS::EC2::Subnet', 2);
    sydney.hasResourceProperties('AWS::EC2::Subnet', {
      AvailabilityZone: 'ap-southeast-2a',
      MapPublicIpOnLaunch: true,
    });
    sydney.hasResourceProperties('AWS::EC2::Subnet', { AvailabilityZone: 'ap-southeast-2b' });
  });

  it('puts an internet-facing NLB on one Elastic IP per AZ, cross-zone', () => {
    sydney.resourceCountIs('AWS::EC2::EIP', 2);
    sydney.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Type: 'network',
      Scheme: 'internet-facing',
      SubnetMappings: [
        {
          AllocationId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Eip0'), 'AllocationId'] },
          SubnetId: Match.anyValue(),
        },
        {
          AllocationId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Eip1'), 'AllocationId'] },
          SubnetId: Match.anyValue(),
        },
      ],
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'load_balancing.cross_zone.enabled', Value: 'true' }]),
    });
  });

  it('listens on TCP_UDP 5060 and TCP 5061 only, passing TLS through', () => {
    sydney.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 2);
    sydney.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 5060,
      Protocol: 'TCP_UDP',
    });
    sydney.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 5061, Protocol: 'TCP' });
    sydney.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 5060,
      Protocol: 'TCP_UDP',
      TargetType: 'ip',
      HealthCheckProtocol: 'HTTP',
      HealthCheckPort: '8080',
      HealthCheckPath: '/health',
    });
  });

  it('preserves client IPs and drains before the task stops', () => {
    sydney.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 5061,
      Protocol: 'TCP',
      TargetGroupAttributes: Match.arrayWith([
        { Key: 'deregistration_delay.timeout_seconds', Value: '90' },
        { Key: 'preserve_client_ip.enabled', Value: 'true' },
      ]),
    });
    sydney.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ StopTimeout: 120 })],
    });
  });

  it('admits SIP to the tasks only from the NLB security group and from each other', () => {
    const ingress = Object.values(sydney.findResources('AWS::EC2::SecurityGroupIngress')).map(
      (r) => r.Properties,
    );
    expect(ingress.length).toBeGreaterThan(0);
    for (const rule of ingress) {
      expect(rule.CidrIp).toBeUndefined();
      expect(rule.SourceSecurityGroupId).toBeDefined();
    }
    // Hand-offs to the task owning a flow (docs/deploy.md "Relays between gateways"): TCP 5060 from
    // the task group itself.
    expect(
      ingress.some(
        (rule) =>
          rule.IpProtocol === 'tcp' &&
          rule.FromPort === 5060 &&
          JSON.stringify(rule.SourceSecurityGroupId) === JSON.stringify(rule.GroupId),
      ),
    ).toBe(true);
    sydney.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: Match.arrayWith([
        Match.objectLike({ CidrIp: '0.0.0.0/0', IpProtocol: 'udp', FromPort: 5060 }),
        Match.objectLike({ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 5061 }),
      ]),
    });
  });

  it('runs the gateway on Fargate ARM64 in public subnets with public IPs, read-only root, health check', () => {
    sydney.hasResourceProperties('AWS::ECS::TaskDefinition', {
      RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
      Cpu: '1024',
      Memory: '2048',
      ContainerDefinitions: [
        Match.objectLike({
          ReadonlyRootFilesystem: true,
          HealthCheck: Match.objectLike({ Command: Match.arrayWith(['CMD', 'node', '-e']) }),
          PortMappings: [
            { ContainerPort: 5060, Protocol: 'udp' },
            { ContainerPort: 5060, Protocol: 'tcp' },
            { ContainerPort: 5061, Protocol: 'tcp' },
            { ContainerPort: 8080, Protocol: 'tcp' },
          ],
          LogConfiguration: Match.objectLike({ LogDriver: 'awslogs' }),
        }),
      ],
    });
    sydney.hasResourceProperties('AWS::ECS::Service', {
      LaunchType: 'FARGATE',
      DesiredCount: 2,
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'ENABLED' }) },
      DeploymentConfiguration: Match.objectLike({
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      }),
    });
  });

  it('wires the gateway env: edge, zone, function names, its public name; the nonce key by reference', () => {
    const container = Object.values(sydney.findResources('AWS::ECS::TaskDefinition'))[0]?.Properties
      .ContainerDefinitions[0];
    const env = Object.fromEntries(
      container.Environment.map((e: { Name: string; Value: unknown }) => [e.Name, e.Value]),
    );
    expect(env).toMatchObject({
      SIPEDGE_EDGE: 'sydney',
      SIPEDGE_ZONE: 'voice.example.com',
      SIPEDGE_HOST: '0.0.0.0',
      SIPEDGE_INSTANCE_ADDRESS_SOURCE: 'ecs-task-metadata',
      SIPEDGE_REGISTER_FUNCTION: { Ref: expect.stringMatching(/^RegisterFunction/) },
      SIPEDGE_ROUTE_FUNCTION: { Ref: expect.stringMatching(/^RouteFunction/) },
      SIPEDGE_ADVERTISED_ADDRESS: { 'Fn::GetAtt': [expect.stringMatching(/^GatewayNlb/), 'DNSName'] },
    });
    // ECS sets AWS_REGION; the gateway reaches the table only through its functions.
    expect(env).not.toHaveProperty('SIPEDGE_TABLE_NAME');
    expect(container.Secrets.map((s: { Name: string }) => s.Name)).toEqual(['SIPEDGE_NONCE_KEY']);
    expect(JSON.stringify(container.Secrets[0].ValueFrom)).toContain(':secret:sipedge/nonce-hmac-key');
  });

  it('scales on CPU and on the active-flows metric the gateway emits', () => {
    sydney.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 2,
      MaxCapacity: 10,
    });
    sydney.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        TargetValue: 60,
      }),
    });
    sydney.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        CustomizedMetricSpecification: Match.objectLike({
          Namespace: 'SipEdge',
          MetricName: 'ActiveFlows',
          Dimensions: [{ Name: 'Edge', Value: 'sydney' }],
          Statistic: 'Average',
        }),
        TargetValue: 20000,
      }),
    });
  });

  it('retains every log group with the configured retention', () => {
    const groups = Object.values(sydney.findResources('AWS::Logs::LogGroup'));
    expect(groups).toHaveLength(3); // gateway + two functions
    for (const group of groups) {
      expect(group.Properties.RetentionInDays).toBe(90);
      expect(group.DeletionPolicy).toBe('Retain');
    }
  });

  it('runs every function on Node 22, ARM64, with its own log group (no per-invocation records) and the nonce secret name', () => {
    const functions = edgeFunctions(sydney);
    expect(Object.keys(functions).sort()).toEqual(['Register', 'Route']);
    for (const fn of Object.values(functions)) {
      expect(fn).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], MemorySize: 256 });
      expect(fn.LoggingConfig).toMatchObject({ LogFormat: 'JSON', SystemLogLevel: 'WARN' });
      expect(fn.LoggingConfig.LogGroup).toBeDefined();
      expect(fn.Environment.Variables).toMatchObject({
        SIPEDGE_EDGE: 'sydney',
        SIPEDGE_ZONE: 'voice.example.com',
        NONCE_SECRET_NAME: 'sipedge/nonce-hmac-key',
      });
      // The replica's name crosses regions through the CDK export reader, never as a literal.
      expect(JSON.stringify(fn.Environment.Variables.TABLE_NAME)).toContain('ExportsReader');
    }
  });

  it("tells route alone the admin API's origin, so it serves the deployment's TwiML Bins in-process", () => {
    const { Register: register, Route: route } = edgeFunctions(sydney);
    // The API lives in the primary region: its endpoint crosses regions through the export reader.
    expect(JSON.stringify(route?.Environment.Variables.SIPEDGE_API_ORIGIN)).toContain('ExportsReader');
    expect(register?.Environment.Variables).not.toHaveProperty('SIPEDGE_API_ORIGIN');
  });

  it('gives route a timeout covering the gateway wait (voice URL + fallback), register a short one', () => {
    const route = edgeFunction(sydney, 'Route');
    expect(route.Timeout).toBeGreaterThanOrEqual(GATEWAY_CONFIG_DEFAULTS.handlerTimeoutMs / 1000);
    expect(route.Timeout * 1000).toBeGreaterThanOrEqual(2 * DEFAULT_WEBHOOK_LIMITS.totalTimeoutMs);
    expect(edgeFunction(sydney, 'Register').Timeout).toBe(5);
  });

  it('grants each function exactly the table actions its code sends, on the local replica only, no index', () => {
    const expected = {
      RegisterFunctionServiceRole: [
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
      ],
      RouteFunctionServiceRole: [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ],
    };
    for (const [role, tableActions] of Object.entries(expected)) {
      const statements = statementsOf(sydney, role);
      expect(actionsOf(statements)).toEqual([
        ...tableActions,
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
      ]);
      const table = statements.filter((s) => JSON.stringify(s.Action).includes('dynamodb:'));
      expect(table).toHaveLength(1);
      const resources = JSON.stringify(table[0]?.Resource);
      expect(resources).toContain(':dynamodb:ap-southeast-2:111111111111:table/');
      expect(resources).not.toContain('/index/');
      expect(resources).not.toContain('*');
      const secret = JSON.stringify(
        statements.find((s) => JSON.stringify(s.Action).includes('secrets'))?.Resource,
      );
      expect(secret).toContain(':secret:sipedge/nonce-hmac-key-??????');
    }
  });

  it('gives the gateway task role nothing but lambda:InvokeFunction on its own edge functions', () => {
    const statements = statementsOf(sydney, 'GatewayTaskTaskRole');
    expect(actionsOf(statements)).toEqual(['lambda:InvokeFunction']);
    const resources = JSON.stringify(statements.map((s) => s.Resource));
    expect(resources).toContain('RegisterFunction');
    expect(resources).toContain('RouteFunction');
    expect(resources).not.toMatch(/"\*"|:\*"/);
  });

  it('alarms on errors, throttles and duration (80% of the timeout) of every function, to the edge topic', () => {
    const alarms = Object.values(sydney.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    expect(alarms).toHaveLength(6);
    for (const metric of ['Errors', 'Throttles', 'Duration']) {
      expect(alarms.filter((a) => a.MetricName === metric)).toHaveLength(2);
    }
    const durations = alarms.filter((a) => a.MetricName === 'Duration').map((a) => a.Threshold);
    expect(durations.sort((a, b) => a - b)).toEqual(
      EDGE_FUNCTIONS.map((spec) => spec.timeoutSec * 800).sort((a, b) => a - b),
    );
    const [topicId] = Object.keys(sydney.findResources('AWS::SNS::Topic'));
    expect(topicId).toMatch(/^AlarmsTopic/);
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
    sydney.resourceCountIs('AWS::SNS::Subscription', 0);
    sydney.hasOutput('AlarmTopicArn', { Value: { Ref: topicId } });
  });

  it('refuses to publish to the alarm topic without TLS', () => {
    sydney.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('has a dashboard over the gateway EMF metrics', () => {
    const body = JSON.stringify(
      Object.values(sydney.findResources('AWS::CloudWatch::Dashboard'))[0]?.Properties,
    );
    for (const name of [
      'RequestsReceived',
      'REGISTER',
      'INVITE',
      'ResponsesSent',
      '4xx',
      '5xx',
      'HandlerLatency',
      'ActiveFlows',
    ]) {
      expect(body).toContain(name);
    }
  });

  it('publishes no DNS records without a hosted zone', () => {
    sydney.resourceCountIs('AWS::Route53::RecordSet', 0);
    ashburn.resourceCountIs('AWS::Route53::RecordSet', 0);
  });

  it('reads the table by plain export in the primary region', () => {
    for (const fn of Object.values(edgeFunctions(ashburn))) {
      expect(JSON.stringify(fn.Environment.Variables.TABLE_NAME)).toContain('Fn::ImportValue');
    }
  });
});

describe('edge stack with a hosted zone, a TLS secret and an alarm email', () => {
  let sydney: Template;
  beforeAll(() => {
    const { app } = buildTestApp({
      overrides: {
        hostedZone: { hostedZoneId: 'Z0123456789ABC', zoneName: 'example.com' },
        tlsSecretName: 'sipedge/tls',
        alarmEmail: 'ops@example.com',
      },
    });
    sydney = templateOf(synthTemplates(app), 'SipEdge-Edge-sydney');
  });

  it('points sip.<edge>.<zone> and *.sip.<edge>.<zone> at the NLB and joins the latency set for *.sip.<zone>', () => {
    const alias = { AliasTarget: Match.objectLike({ DNSName: Match.anyValue() }), Type: 'A' };
    sydney.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'sip.sydney.voice.example.com.',
      ...alias,
    });
    sydney.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: '*.sip.sydney.voice.example.com.',
      ...alias,
    });
    sydney.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: '*.sip.voice.example.com.',
      Region: 'ap-southeast-2',
      SetIdentifier: 'sydney',
      ...alias,
    });
  });

  it('advertises the DNS name and injects the TLS certificate and key from Secrets Manager', () => {
    const container = Object.values(sydney.findResources('AWS::ECS::TaskDefinition'))[0]?.Properties
      .ContainerDefinitions[0];
    expect(container.Environment).toContainEqual({
      Name: 'SIPEDGE_ADVERTISED_ADDRESS',
      Value: 'sip.sydney.voice.example.com',
    });
    const secrets = container.Secrets.map((s: { Name: string; ValueFrom: unknown }) => [
      s.Name,
      JSON.stringify(s.ValueFrom),
    ]);
    expect(secrets.map(([name]: [string]) => name)).toEqual([
      'SIPEDGE_NONCE_KEY',
      'SIPEDGE_TLS_CERT_PEM',
      'SIPEDGE_TLS_KEY_PEM',
    ]);
    expect(secrets[1][1]).toContain('secret:sipedge/tls:cert::');
  });

  it('subscribes the alarm email to the edge alarm topic', () => {
    sydney.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: { Ref: Match.stringLikeRegexp('^AlarmsTopic') },
    });
  });
});
