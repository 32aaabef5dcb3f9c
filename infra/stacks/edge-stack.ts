import { CfnOutput, Fn, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { IpAddresses, SubnetType, Vpc } from 'aws-cdk-lib/aws-ec2';
import { type ContainerImage, Secret as TaskSecret } from 'aws-cdk-lib/aws-ecs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { EdgeName } from '#sip/config/edges.js';
import { edgeHostname } from '#sip/config/edges.js';
import type { GatewayTaskConfig, HostedZoneConfig } from '../config.js';
import { AlarmTopic } from '../constructs/alarm-topic.js';
import { EdgeDashboard } from '../constructs/edge-dashboard.js';
import { EdgeDns } from '../constructs/edge-dns.js';
import { SipFunction } from '../constructs/sip-function.js';
import { SipService } from '../constructs/sip-service.js';
import { type EdgeFunctionSpec, functionNameEnvVar } from '../function-specs.js';

export interface EdgeStackProps extends StackProps {
  readonly edge: EdgeName;
  readonly zone: string;
  /** The global table's replica in this stack's region (or the table itself in the primary region). */
  readonly table: ITableV2;
  /** Name of the nonce HMAC secret (replicated into this region by the data stack). */
  readonly nonceSecretName: string;
  /** Secret `{ cert, key }` for the gateway's TLS listener, present in this region. @default - self-signed */
  readonly tlsSecretName: string | undefined;
  /** @default - no DNS records; the NLB DNS name and Elastic IPs are the edge's addresses */
  readonly hostedZone: HostedZoneConfig | undefined;
  readonly functions: readonly EdgeFunctionSpec[];
  /** The admin API's origin: the route function serves the TwiML Bins under it in-process. */
  readonly apiOrigin: string;
  readonly gatewayImage: ContainerImage;
  readonly task: GatewayTaskConfig;
  readonly logRetentionDays: number;
  /** @default - no subscription; subscribe to the AlarmTopicArn output */
  readonly alarmEmail: string | undefined;
}

/**
 * Two AZs per edge region, fixed so `cdk synth` needs no AWS lookup. Not every letter exists everywhere
 * (ap-northeast-1 has no `b` for most accounts), hence the exceptions.
 */
const AZ_LETTERS: Readonly<Record<string, readonly [string, string]>> = { 'ap-northeast-1': ['a', 'c'] };

/** Everything one edge region runs: VPC, the SIP gateway service behind its NLB, handler functions, DNS, dashboard. */
export class EdgeStack extends Stack {
  readonly sipService: SipService;
  readonly functions: readonly SipFunction[];

  override get availabilityZones(): string[] {
    const [first, second] = AZ_LETTERS[this.region] ?? ['a', 'b'];
    return [`${this.region}${first}`, `${this.region}${second}`];
  }

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const logRetention = props.logRetentionDays as RetentionDays;

    // Two AZs, public subnets only, no NAT: see docs/deploy.md "Network".
    const vpc = new Vpc(this, 'Vpc', {
      ipAddresses: IpAddresses.cidr('10.60.0.0/16'),
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'Public', subnetType: SubnetType.PUBLIC, cidrMask: 20 }],
    });
    Validations.of(vpc).acknowledge(
      {
        id: 'AwsSolutions-VPC7',
        reason:
          'The VPC only holds the NLB and gateway tasks; SIP traffic is logged by the gateway, flow logs add cost only',
      },
      {
        id: 'CloudFormation-Validate::W3010',
        reason:
          'AZs are fixed per region (AZ_LETTERS) so synth needs no AWS lookup; both exist in every account',
      },
    );

    const nonceKey = Secret.fromSecretNameV2(this, 'NonceKey', props.nonceSecretName);
    const alarms = new AlarmTopic(this, 'Alarms', { email: props.alarmEmail });
    const commonEnv = { SIPEDGE_EDGE: props.edge, SIPEDGE_ZONE: props.zone };
    // Outside the VPC: webhooks leave from the region's AWS public addresses (docs/deploy.md "Network").
    this.functions = props.functions.map(
      (spec) =>
        new SipFunction(this, spec.id, {
          spec,
          table: props.table,
          nonceKey,
          environment:
            spec.handler === 'route' ? { ...commonEnv, SIPEDGE_API_ORIGIN: props.apiOrigin } : commonEnv,
          logRetention,
          alarmAction: alarms.action,
        }),
    );

    const tlsSecret = props.tlsSecretName
      ? Secret.fromSecretNameV2(this, 'TlsSecret', props.tlsSecretName)
      : undefined;
    this.sipService = new SipService(this, 'Gateway', {
      vpc,
      edge: props.edge,
      image: props.gatewayImage,
      task: props.task,
      logRetention,
      environment: {
        // ECS sets AWS_REGION; the gateway reaches the table only through its functions.
        ...commonEnv,
        SIPEDGE_HOST: '0.0.0.0',
        // Relays between tasks use the task's private IPv4, read from the ECS task metadata endpoint v4.
        SIPEDGE_INSTANCE_ADDRESS_SOURCE: 'ecs-task-metadata',
        ...Object.fromEntries(
          props.functions.map((spec, i) => [
            functionNameEnvVar(spec.handler),
            this.functions[i]?.function.functionName ?? '',
          ]),
        ),
      },
      secrets: {
        SIPEDGE_NONCE_KEY: TaskSecret.fromSecretsManager(nonceKey),
        ...(tlsSecret
          ? {
              SIPEDGE_TLS_CERT_PEM: TaskSecret.fromSecretsManager(tlsSecret, 'cert'),
              SIPEDGE_TLS_KEY_PEM: TaskSecret.fromSecretsManager(tlsSecret, 'key'),
            }
          : {}),
      },
    });
    const { loadBalancer, container, taskDefinition } = this.sipService;
    // The task role holds nothing but invoking this edge's own functions (unqualified ARNs only).
    for (const fn of this.functions) fn.function.grantInvokeLatestVersion(taskDefinition.taskRole);

    const hostedZone = props.hostedZone
      ? HostedZone.fromHostedZoneAttributes(this, 'HostedZone', {
          hostedZoneId: props.hostedZone.hostedZoneId,
          zoneName: props.hostedZone.zoneName,
        })
      : undefined;
    if (hostedZone)
      new EdgeDns(this, 'Dns', { hostedZone, zone: props.zone, edge: props.edge, loadBalancer });
    const publicName = hostedZone ? edgeHostname(props.edge, props.zone) : loadBalancer.loadBalancerDnsName;
    // The name clients reach this edge by, used in Via and Record-Route.
    container.addEnvironment('SIPEDGE_ADVERTISED_ADDRESS', publicName);

    const dashboard = new EdgeDashboard(this, 'Dashboard', {
      edge: props.edge,
      functions: this.functions.map((f) => f.function),
    });

    new CfnOutput(this, 'SipAddress', {
      value: publicName,
      description: 'SIP name of this edge (UDP/TCP 5060, TLS 5061)',
    });
    new CfnOutput(this, 'ElasticIps', {
      value: Fn.join(
        ',',
        this.sipService.elasticIps.map((eip) => eip.attrPublicIp),
      ),
      description: 'Stable NLB addresses to allowlist, one per AZ',
    });
    new CfnOutput(this, 'DashboardName', { value: dashboard.dashboard.dashboardName });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: alarms.topic.topicArn,
      description: 'SNS topic of this edge’s function alarms',
    });
  }
}
