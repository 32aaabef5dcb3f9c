import { describe, expect, it } from 'vitest';
import { type GatewayMetrics, startGatewayMetrics } from '#sip/metrics/gateway-metrics.js';
import { METRICS_DEFAULTS } from '#sip/metrics/metrics-settings.js';
import { FakeClock } from '#test/support/fake-clock.js';
import { METRIC_NAMESPACE } from '../../../../infra/metric-names.js';

const EPOCH_MS = Date.UTC(2026, 0, 15, 12, 0, 0);

interface EmfDocument {
  readonly timestampMs: number;
  /** Dimension name → value, Edge first. */
  readonly dimensions: Record<string, string>;
  readonly metric: string;
  readonly unit: string;
  readonly value: number | number[];
}

/**
 * Reads one line as CloudWatch Logs would (EMF specification): `_aws` with a Timestamp and one
 * directive whose dimension and metric names all resolve to root members.
 */
function parseEmf(line: string): EmfDocument {
  const root = JSON.parse(line);
  const directives = root._aws.CloudWatchMetrics;
  expect(directives).toHaveLength(1);
  const [directive] = directives;
  expect(directive.Namespace).toBe(METRIC_NAMESPACE);
  expect(directive.Dimensions).toHaveLength(1);
  const names: string[] = directive.Dimensions[0];
  expect(names[0]).toBe('Edge');
  expect(directive.Metrics).toHaveLength(1);
  const [{ Name: metric, Unit: unit }] = directive.Metrics;
  for (const name of [...names, metric]) expect(root).toHaveProperty(name);
  const value = root[metric];
  if (Array.isArray(value)) expect(value.length).toBeLessThanOrEqual(100);
  return {
    timestampMs: root._aws.Timestamp,
    dimensions: Object.fromEntries(names.map((n) => [n, root[n]])),
    metric,
    unit,
    value,
  };
}

function harness(flows = () => 0): {
  clock: FakeClock;
  metrics: GatewayMetrics;
  written: () => EmfDocument[];
} {
  const clock = new FakeClock();
  const lines: string[] = [];
  const metrics = startGatewayMetrics({
    edge: 'sydney',
    clock,
    wallClockMs: () => EPOCH_MS + clock.now(),
    write: (line) => lines.push(line),
    activeFlows: flows,
    settings: METRICS_DEFAULTS,
  });
  return { clock, metrics, written: () => lines.splice(0).map(parseEmf) };
}

describe('gateway metrics (CloudWatch EMF on stdout)', () => {
  it('aggregates requests per 10 s flush into one line per method, not one per request', () => {
    const { clock, metrics, written } = harness();
    for (let i = 0; i < 3; i++) metrics.requestReceived('REGISTER');
    metrics.requestReceived('INVITE');
    metrics.requestReceived('REGISTER');
    clock.advance(9_999);
    expect(written()).toEqual([]);
    clock.advance(1);
    expect(written()).toEqual([
      {
        timestampMs: EPOCH_MS + 10_000,
        dimensions: { Edge: 'sydney', Method: 'REGISTER' },
        metric: 'RequestsReceived',
        unit: 'Count',
        value: 4,
      },
      {
        timestampMs: EPOCH_MS + 10_000,
        dimensions: { Edge: 'sydney', Method: 'INVITE' },
        metric: 'RequestsReceived',
        unit: 'Count',
        value: 1,
      },
    ]);
  });

  it('starts each interval from zero and writes nothing for an idle one', () => {
    const { clock, metrics, written } = harness();
    metrics.requestReceived('OPTIONS');
    clock.advance(10_000);
    expect(written().map((d) => d.value)).toEqual([1]);
    clock.advance(10_000);
    expect(written()).toEqual([]);
    metrics.requestReceived('OPTIONS');
    clock.advance(10_000);
    expect(written().map((d) => d.value)).toEqual([1]);
  });

  it('counts a method no RFC defines as OTHER, so clients cannot create metrics at will', () => {
    const { clock, metrics, written } = harness();
    metrics.requestReceived('XYZZY');
    metrics.requestReceived('FOO');
    metrics.requestReceived('SUBSCRIBE');
    clock.advance(10_000);
    expect(written().map((d) => [d.dimensions.Method, d.value])).toEqual([
      ['OTHER', 2],
      ['SUBSCRIBE', 1],
    ]);
  });

  it('counts final responses by class and never a provisional one (RFC 3261 §7.2)', () => {
    const { clock, metrics, written } = harness();
    for (const status of [100, 180, 183, 200, 202, 401, 407, 503, 603]) metrics.responseSent(status);
    clock.advance(10_000);
    expect(written().map((d) => [d.metric, d.unit, d.dimensions.StatusClass, d.value])).toEqual([
      ['ResponsesSent', 'Count', '2xx', 2],
      ['ResponsesSent', 'Count', '4xx', 2],
      ['ResponsesSent', 'Count', '5xx', 1],
      ['ResponsesSent', 'Count', '6xx', 1],
    ]);
  });

  it('writes handler latencies as value arrays of at most 100 per line, by handler, in whole ms', () => {
    const { clock, metrics, written } = harness();
    for (let i = 0; i < 150; i++) metrics.handlerLatency('register', 10 + i / 3);
    metrics.handlerLatency('route', 812.4);
    clock.advance(10_000);
    const docs = written();
    expect(docs.map((d) => [d.metric, d.unit, d.dimensions.Handler])).toEqual([
      ['HandlerLatency', 'Milliseconds', 'register'],
      ['HandlerLatency', 'Milliseconds', 'register'],
      ['HandlerLatency', 'Milliseconds', 'route'],
    ]);
    const [first, second, route] = docs.map((d) => d.value as number[]);
    expect(first).toHaveLength(100);
    expect(second).toHaveLength(50);
    expect([...(first ?? []), ...(second ?? [])]).toEqual(
      Array.from({ length: 150 }, (_, i) => Math.round(10 + i / 3)),
    );
    expect(route).toEqual([812]);
  });

  it('samples ActiveFlows every 60 s with the Edge dimension only (the scaling policy averages it per task)', () => {
    let flows = 1_200;
    const { clock, written } = harness(() => flows);
    clock.advance(59_999);
    expect(written()).toEqual([]);
    clock.advance(1);
    flows = 1_500;
    clock.advance(60_000);
    expect(written()).toEqual([
      {
        timestampMs: EPOCH_MS + 60_000,
        dimensions: { Edge: 'sydney' },
        metric: 'ActiveFlows',
        unit: 'Count',
        value: 1_200,
      },
      {
        timestampMs: EPOCH_MS + 120_000,
        dimensions: { Edge: 'sydney' },
        metric: 'ActiveFlows',
        unit: 'Count',
        value: 1_500,
      },
    ]);
  });

  it('stop() writes the interval in progress, then nothing more, and leaves no timer behind', () => {
    const { clock, metrics, written } = harness(() => 7);
    metrics.requestReceived('BYE');
    clock.advance(4_000);
    metrics.stop();
    expect(written().map((d) => [d.metric, d.value])).toEqual([['RequestsReceived', 1]]);
    expect(clock.pendingCount()).toBe(0);
    metrics.requestReceived('BYE');
    clock.advance(120_000);
    metrics.stop();
    expect(written()).toEqual([]);
  });
});
