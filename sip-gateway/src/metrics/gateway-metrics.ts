import type { HandlerName } from '../contract/handler-events.js';
import type { Clock, TimerHandle } from '../transaction/clock.js';
import { activeFlowsLine, windowLines } from './emf-lines.js';
import { MetricWindow } from './metric-window.js';
import type { MetricsSettings } from './metrics-settings.js';

/** What the gateway reports as it works; names and units are those of infra/metric-names.ts. */
export interface MetricsRecorder {
  /** A request arrived (retransmissions included): RequestsReceived by Method. */
  requestReceived(method: string): void;
  /** A response left; provisional ones are not counted: ResponsesSent by StatusClass. */
  responseSent(status: number): void;
  /** One handler invocation took `ms`, whatever its outcome: HandlerLatency by Handler. */
  handlerLatency(handler: HandlerName, ms: number): void;
}

export interface GatewayMetrics extends MetricsRecorder {
  /** Writes what the current interval holds and stops both timers (call when the gateway has drained). */
  stop(): void;
}

export interface GatewayMetricsDeps {
  readonly edge: string;
  /** Schedules the flushes and the ActiveFlows samples. */
  readonly clock: Clock;
  /** Epoch milliseconds for each document's Timestamp. */
  readonly wallClockMs: () => number;
  /** Receives one EMF JSON document per call, without a newline. */
  readonly write: (line: string) => void;
  /** Open flows of this task now. */
  readonly activeFlows: () => number;
  readonly settings: MetricsSettings;
}

/** Aggregates the gateway's metrics and writes them as CloudWatch EMF lines every flush interval. */
export function startGatewayMetrics(deps: GatewayMetricsDeps): GatewayMetrics {
  const { edge, clock, wallClockMs, write, settings } = deps;
  const window = new MetricWindow();
  const flush = () => {
    for (const line of windowLines(edge, wallClockMs(), window.take())) write(line);
  };
  const sampleFlows = () => write(activeFlowsLine(edge, wallClockMs(), deps.activeFlows()));

  let stopped = false;
  const timers = new Set<TimerHandle>();
  const every = (intervalMs: number, fn: () => void) => {
    const arm = () => {
      const handle = clock.setTimer(intervalMs, () => {
        timers.delete(handle);
        fn();
        if (!stopped) arm();
      });
      timers.add(handle);
    };
    arm();
  };
  every(settings.flushIntervalMs, flush);
  every(settings.activeFlowsIntervalMs, sampleFlows);

  return {
    requestReceived: (method) => window.countRequest(method),
    responseSent: (status) => window.countResponse(status),
    handlerLatency: (handler, ms) => window.addLatency(handler, ms),
    stop() {
      if (stopped) return;
      stopped = true;
      for (const handle of timers) clock.clearTimer(handle);
      timers.clear();
      flush();
    },
  };
}
