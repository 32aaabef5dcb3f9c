/** How often the gateway writes its CloudWatch metrics (EMF lines on stdout, via the awslogs driver). */
export interface MetricsSettings {
  /** Counts and latencies are aggregated this long, then written: one line per dimension value, not per request. */
  readonly flushIntervalMs: number;
  /** ActiveFlows is sampled this often; the scaling policy and the dashboard read 1-minute statistics. */
  readonly activeFlowsIntervalMs: number;
}

export const METRICS_DEFAULTS: MetricsSettings = {
  flushIntervalMs: 10_000,
  activeFlowsIntervalMs: 60_000,
};
