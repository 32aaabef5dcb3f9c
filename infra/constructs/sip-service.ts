import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { CfnEIP, type IVpc, Peer, Port, SecurityGroup, SubnetType } from 'aws-cdk-lib/aws-ec2';
import {
  Cluster,
  type ContainerDefinition,
  type ContainerImage,
  ContainerInsights,
  CpuArchitecture,
  FargateService,
  FargateTaskDefinition,
  LogDrivers,
  OperatingSystemFamily,
  Protocol as PortProtocol,
  type Secret as TaskSecret,
} from 'aws-cdk-lib/aws-ecs';
import {
  type INetworkTargetGroup,
  NetworkLoadBalancer,
  Protocol,
  TargetGroupIpAddressType,
} from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { GatewayTaskConfig } from '../config.js';
import { METRIC_DIMENSIONS, METRIC_NAMESPACE, METRICS } from '../metric-names.js';

/** Ports of the gateway container; the NLB listens on the same numbers. */
export const SIP_PORTS = { sip: 5060, sipTls: 5061, health: 8080 } as const;

/** Container health probe: the gateway's `GET /health` answers 200 once every part is up. */
const HEALTH_PROBE = `fetch('http://127.0.0.1:${SIP_PORTS.health}/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`;

/** Drain on SIGTERM (deploys, scale-in): ECS waits this long before SIGKILL (Fargate maximum: 120 s). */
const STOP_TIMEOUT_SEC = 120;
/** NLB keeps sending established flows to a deregistering task this long; shorter than the stop timeout. */
const DEREGISTRATION_DELAY_SEC = 90;

export interface SipServiceProps {
  readonly vpc: IVpc;
  readonly edge: string;
  readonly image: ContainerImage;
  readonly environment: Readonly<Record<string, string>>;
  readonly secrets: Readonly<Record<string, TaskSecret>>;
  readonly task: GatewayTaskConfig;
  readonly logRetention: RetentionDays;
}

/**
 * The SIP gateway of one edge: Fargate (ARM64) tasks in public subnets behind an internet-facing NLB with
 * one Elastic IP per AZ. UDP+TCP 5060 share a TCP_UDP listener; TCP 5061 is passed through (the gateway
 * terminates TLS). Client source addresses reach the gateway unchanged (RFC 3261 §18.2.1 `received`).
 */
export class SipService extends Construct {
  readonly service: FargateService;
  readonly taskDefinition: FargateTaskDefinition;
  readonly container: ContainerDefinition;
  readonly loadBalancer: NetworkLoadBalancer;
  readonly elasticIps: readonly CfnEIP[];
  readonly logGroup: LogGroup;
  readonly targetGroups: readonly INetworkTargetGroup[];

  constructor(scope: Construct, id: string, props: SipServiceProps) {
    super(scope, id);
    const { vpc, task } = props;
    const cluster = new Cluster(this, 'Cluster', { vpc, containerInsightsV2: ContainerInsights.ENABLED });

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const taskDefinition = new FargateTaskDefinition(this, 'Task', {
      cpu: task.cpuUnits,
      memoryLimitMiB: task.memoryMiB,
      runtimePlatform: {
        cpuArchitecture: CpuArchitecture.ARM64,
        operatingSystemFamily: OperatingSystemFamily.LINUX,
      },
    });
    this.taskDefinition = taskDefinition;
    const container = taskDefinition.addContainer('Gateway', {
      image: props.image,
      environment: { ...props.environment },
      secrets: { ...props.secrets },
      logging: LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: 'gateway' }),
      stopTimeout: Duration.seconds(STOP_TIMEOUT_SEC),
      readonlyRootFilesystem: true,
      healthCheck: {
        command: ['CMD', 'node', '-e', HEALTH_PROBE],
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(30),
      },
      portMappings: [
        { containerPort: SIP_PORTS.sip, protocol: PortProtocol.UDP },
        { containerPort: SIP_PORTS.sip, protocol: PortProtocol.TCP },
        { containerPort: SIP_PORTS.sipTls, protocol: PortProtocol.TCP },
        { containerPort: SIP_PORTS.health, protocol: PortProtocol.TCP },
      ],
    });
    this.container = container;
    // The root filesystem is read-only; /tmp (task ephemeral storage) is the one writable path.
    taskDefinition.addVolume({ name: 'tmp' });
    container.addMountPoints({ sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false });

    const nlbSecurityGroup = new SecurityGroup(this, 'NlbSecurityGroup', {
      vpc,
      description: 'SipEdge NLB: SIP from anywhere',
      allowAllOutbound: false,
    });
    nlbSecurityGroup.addIngressRule(Peer.anyIpv4(), Port.udp(SIP_PORTS.sip), 'SIP over UDP');
    nlbSecurityGroup.addIngressRule(Peer.anyIpv4(), Port.tcp(SIP_PORTS.sip), 'SIP over TCP');
    nlbSecurityGroup.addIngressRule(Peer.anyIpv4(), Port.tcp(SIP_PORTS.sipTls), 'SIP over TLS');
    Validations.of(nlbSecurityGroup).acknowledge({
      id: 'AwsSolutions-EC23',
      reason:
        'A public SIP edge: phones and trunks connect from any address on 5060/udp+tcp and 5061/tcp only',
    });

    const taskSecurityGroup = new SecurityGroup(this, 'TaskSecurityGroup', {
      vpc,
      description: 'SipEdge gateway tasks: SIP and health checks from the NLB, relays between tasks',
      allowAllOutbound: true,
    });
    // Referencing the NLB group admits NLB traffic even with client IP preservation, and nothing else.
    for (const port of [Port.udp(SIP_PORTS.sip), Port.tcp(SIP_PORTS.sip), Port.tcp(SIP_PORTS.sipTls)]) {
      taskSecurityGroup.addIngressRule(nlbSecurityGroup, port, 'SIP through the NLB');
      taskSecurityGroup.addIngressRule(taskSecurityGroup, port, 'relays between gateway tasks of this edge');
      nlbSecurityGroup.addEgressRule(taskSecurityGroup, port, 'SIP to the gateway tasks');
    }
    taskSecurityGroup.addIngressRule(nlbSecurityGroup, Port.tcp(SIP_PORTS.health), 'NLB health checks');
    nlbSecurityGroup.addEgressRule(taskSecurityGroup, Port.tcp(SIP_PORTS.health), 'health checks');

    this.service = new FargateService(this, 'Service', {
      cluster,
      taskDefinition,
      desiredCount: task.minCount,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { rollback: true },
      // Public subnets with public IPs instead of NAT gateways: see docs/deploy.md "Network".
      assignPublicIp: true,
      vpcSubnets: { subnetType: SubnetType.PUBLIC },
      securityGroups: [taskSecurityGroup],
      healthCheckGracePeriod: Duration.seconds(60),
    });

    this.elasticIps = vpc.publicSubnets.map((_, i) => new CfnEIP(this, `Eip${i}`, { domain: 'vpc' }));
    this.loadBalancer = new NetworkLoadBalancer(this, 'Nlb', {
      vpc,
      internetFacing: true,
      crossZoneEnabled: true,
      securityGroups: [nlbSecurityGroup],
      subnetMappings: vpc.publicSubnets.map((subnet, i) => ({
        subnet,
        allocationId: this.elasticIps[i]?.attrAllocationId,
      })),
    });
    Validations.of(this.loadBalancer).acknowledge({
      id: 'AwsSolutions-ELB2',
      reason: 'NLB access logs only cover TLS listeners; SIP TLS is passed through and logged by the gateway',
    });

    const targetDefaults = {
      deregistrationDelay: Duration.seconds(DEREGISTRATION_DELAY_SEC),
      ipAddressType: TargetGroupIpAddressType.IPV4,
      healthCheck: {
        protocol: Protocol.HTTP,
        port: String(SIP_PORTS.health),
        path: '/health',
        interval: Duration.seconds(10),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 2,
      },
    };
    const sipListener = this.loadBalancer.addListener('Sip', {
      port: SIP_PORTS.sip,
      protocol: Protocol.TCP_UDP,
    });
    const sipTargets = sipListener.addTargets('Sip', {
      ...targetDefaults,
      port: SIP_PORTS.sip,
      protocol: Protocol.TCP_UDP,
      targets: [
        this.service.loadBalancerTarget({
          containerName: container.containerName,
          containerPort: SIP_PORTS.sip,
          protocol: PortProtocol.UDP,
        }),
      ],
    });
    const tlsListener = this.loadBalancer.addListener('SipTls', {
      port: SIP_PORTS.sipTls,
      protocol: Protocol.TCP,
    });
    const tlsTargets = tlsListener.addTargets('SipTls', {
      ...targetDefaults,
      port: SIP_PORTS.sipTls,
      protocol: Protocol.TCP,
      preserveClientIp: true,
      targets: [
        this.service.loadBalancerTarget({
          containerName: container.containerName,
          containerPort: SIP_PORTS.sipTls,
        }),
      ],
    });
    this.targetGroups = [sipTargets, tlsTargets];

    const scaling = this.service.autoScaleTaskCount({
      minCapacity: task.minCount,
      maxCapacity: task.maxCount,
    });
    scaling.scaleOnCpuUtilization('Cpu', {
      targetUtilizationPercent: task.targetCpuPercent,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.minutes(10),
    });
    scaling.scaleToTrackCustomMetric('ActiveFlows', {
      metric: new Metric({
        namespace: METRIC_NAMESPACE,
        metricName: METRICS.activeFlows.name,
        dimensionsMap: { [METRIC_DIMENSIONS.edge]: props.edge },
        statistic: 'Average',
        period: Duration.minutes(1),
      }),
      targetValue: task.targetActiveFlowsPerTask,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.minutes(10),
    });

    Validations.of(taskDefinition).acknowledge(
      {
        id: 'AwsSolutions-ECS2',
        reason:
          'Plain variables are non-secret settings (edge, names); secrets are injected from Secrets Manager',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Execution role: ecr:GetAuthorizationToken has no resource-level permissions (it is account-wide)',
      },
    );
  }
}
