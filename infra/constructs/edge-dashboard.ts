import { Duration } from 'aws-cdk-lib';
import { Dashboard, GraphWidget, MathExpression, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { METRIC_DIMENSIONS, METRIC_NAMESPACE, METRICS } from '../metric-names.js';

export interface EdgeDashboardProps {
  readonly edge: string;
  /** The edge's handler functions, for their errors and duration. */
  readonly functions: readonly IFunction[];
}

const PERIOD = Duration.minutes(1);

/** One CloudWatch dashboard per edge, over the EMF metrics of infra/metric-names.ts. */
export class EdgeDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: EdgeDashboardProps) {
    super(scope, id);
    const { edge } = props;
    const gatewayMetric = (
      name: string,
      dimensions: Record<string, string>,
      statistic: string,
      label: string,
    ) =>
      new Metric({
        namespace: METRIC_NAMESPACE,
        metricName: name,
        dimensionsMap: { [METRIC_DIMENSIONS.edge]: edge, ...dimensions },
        statistic,
        period: PERIOD,
        label,
      });
    const requests = (method: string) =>
      gatewayMetric(METRICS.requestsReceived.name, { [METRIC_DIMENSIONS.method]: method }, 'Sum', method);
    const responses = (statusClass: string) =>
      gatewayMetric(
        METRICS.responsesSent.name,
        { [METRIC_DIMENSIONS.statusClass]: statusClass },
        'Sum',
        statusClass,
      );
    // Every handler the gateway reports, without listing them here.
    const latency = (statistic: string) =>
      new MathExpression({
        expression: `SEARCH('{${METRIC_NAMESPACE},${METRIC_DIMENSIONS.edge},${METRIC_DIMENSIONS.handler}} MetricName="${METRICS.handlerLatency.name}" ${METRIC_DIMENSIONS.edge}="${edge}"', '${statistic}', 60)`,
        label: statistic,
        period: PERIOD,
      });

    this.dashboard = new Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(3),
      widgets: [
        [
          new GraphWidget({
            title: 'REGISTER and INVITE per minute',
            left: [requests('REGISTER'), requests('INVITE')],
          }),
          new GraphWidget({
            title: '4xx and 5xx responses per minute',
            left: [responses('4xx'), responses('5xx')],
          }),
        ],
        [
          new GraphWidget({
            title: 'Handler latency (ms), p50 and p99',
            left: [latency('p50'), latency('p99')],
          }),
          new GraphWidget({
            title: 'Active flows',
            left: [gatewayMetric(METRICS.activeFlows.name, {}, 'Sum', 'all tasks')],
            right: [gatewayMetric(METRICS.activeFlows.name, {}, 'Maximum', 'busiest task')],
          }),
        ],
        props.functions.map(
          (fn) =>
            new GraphWidget({
              title: `${fn.node.scope?.node.id ?? fn.node.id}: errors and p99 duration`,
              left: [fn.metricErrors({ period: PERIOD, statistic: 'Sum' })],
              right: [fn.metricDuration({ period: PERIOD, statistic: 'p99' })],
            }),
        ),
      ],
    });
  }
}
