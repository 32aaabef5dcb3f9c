import type { INetworkLoadBalancer } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { ARecord, type IHostedZone, RecordTarget } from 'aws-cdk-lib/aws-route53';
import { LoadBalancerTarget } from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { edgeHostname } from '#sip/config/edges.js';

export interface EdgeDnsProps {
  readonly hostedZone: IHostedZone;
  readonly zone: string;
  readonly edge: string;
  readonly loadBalancer: INetworkLoadBalancer;
}

/**
 * Route 53 records of one edge: `*.sip.<edge>.<zone>` and `sip.<edge>.<zone>` → this edge's NLB, and this
 * edge's member of the latency-based `*.sip.<zone>` set (each edge stack adds its own).
 */
export class EdgeDns extends Construct {
  constructor(scope: Construct, id: string, props: EdgeDnsProps) {
    super(scope, id);
    const target = RecordTarget.fromAlias(new LoadBalancerTarget(props.loadBalancer));
    const localized = edgeHostname(props.edge, props.zone);
    new ARecord(this, 'EdgeHost', { zone: props.hostedZone, recordName: `${localized}.`, target });
    new ARecord(this, 'EdgeWildcard', { zone: props.hostedZone, recordName: `*.${localized}.`, target });
    new ARecord(this, 'GlobalWildcard', {
      zone: props.hostedZone,
      recordName: `*.sip.${props.zone}.`,
      target,
      region: props.loadBalancer.stack.region,
      setIdentifier: props.edge,
    });
  }
}
