import { METRIC_DIMENSIONS, METRIC_NAMESPACE, METRICS } from '../../../infra/metric-names.js';
import type { WindowSnapshot } from './metric-window.js';

/** EMF specification: a metric's value array holds at most 100 values. */
export const EMF_MAX_VALUES_PER_METRIC = 100;

type Metric = (typeof METRICS)[keyof typeof METRICS];

/**
 * One EMF document (a JSON line CloudWatch Logs turns into metric data): `metric` with `value`, under
 * the dimension set Edge plus `dimensions`, at `timestampMs` (epoch).
 */
function emfLine(
  timestampMs: number,
  edge: string,
  dimensions: Readonly<Record<string, string>>,
  metric: Metric,
  value: number | readonly number[],
): string {
  const members = { [METRIC_DIMENSIONS.edge]: edge, ...dimensions };
  return JSON.stringify({
    _aws: {
      Timestamp: timestampMs,
      CloudWatchMetrics: [
        {
          Namespace: METRIC_NAMESPACE,
          Dimensions: [Object.keys(members)],
          Metrics: [{ Name: metric.name, Unit: metric.unit }],
        },
      ],
    },
    ...members,
    [metric.name]: value,
  });
}

function chunks<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

/** The lines of one flush: a count per method and per status class, latencies per handler. */
export function windowLines(edge: string, timestampMs: number, window: WindowSnapshot): string[] {
  const lines: string[] = [];
  for (const [method, count] of window.requestsByMethod) {
    lines.push(
      emfLine(timestampMs, edge, { [METRIC_DIMENSIONS.method]: method }, METRICS.requestsReceived, count),
    );
  }
  for (const [statusClass, count] of window.responsesByStatusClass) {
    const dimensions = { [METRIC_DIMENSIONS.statusClass]: statusClass };
    lines.push(emfLine(timestampMs, edge, dimensions, METRICS.responsesSent, count));
  }
  for (const [handler, values] of window.latenciesByHandler) {
    const dimensions = { [METRIC_DIMENSIONS.handler]: handler };
    for (const chunk of chunks(values, EMF_MAX_VALUES_PER_METRIC)) {
      lines.push(emfLine(timestampMs, edge, dimensions, METRICS.handlerLatency, chunk));
    }
  }
  return lines;
}

/** The task's open flows, dimension Edge only: Average across tasks drives scaling, Sum is the edge total. */
export function activeFlowsLine(edge: string, timestampMs: number, flows: number): string {
  return emfLine(timestampMs, edge, {}, METRICS.activeFlows, flows);
}
