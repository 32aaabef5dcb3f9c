/**
 * The CloudWatch metrics the gateway emits in Embedded Metric Format, and the dashboards, alarms and
 * scaling policies of infra/ read. One definition for both sides; no CDK imports, so the gateway bundle
 * can import it.
 *
 * Every metric carries the `Edge` dimension; the dimension sets below are the EMF `Dimensions` arrays.
 */
export const METRIC_NAMESPACE = 'SipEdge';

export const METRIC_DIMENSIONS = {
  edge: 'Edge',
  /** SIP method of a received request: REGISTER, INVITE, ...; OTHER for a method no RFC defines. */
  method: 'Method',
  /** Class of a final response the gateway sent: 2xx, 3xx, 4xx, 5xx, 6xx. */
  statusClass: 'StatusClass',
  /** Handler a latency belongs to: register, route, auth (see contract/handler-events.ts). */
  handler: 'Handler',
} as const;

export const METRICS = {
  /** Count of requests received (retransmissions included), dimensions [Edge, Method]. */
  requestsReceived: { name: 'RequestsReceived', unit: 'Count' },
  /** Count of final responses sent (retransmissions included), dimensions [Edge, StatusClass]. */
  responsesSent: { name: 'ResponsesSent', unit: 'Count' },
  /** Time from invoke to result of one handler call, dimensions [Edge, Handler]. */
  handlerLatency: { name: 'HandlerLatency', unit: 'Milliseconds' },
  /** Open flows (UDP 5-tuples and TCP/TLS connections) of one task, dimensions [Edge]; emitted every 60 s. */
  activeFlows: { name: 'ActiveFlows', unit: 'Count' },
} as const;

export type MetricName = (typeof METRICS)[keyof typeof METRICS]['name'];
