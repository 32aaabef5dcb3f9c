import type { HandlerName } from '../contract/handler-events.js';
import { KNOWN_METHODS } from '../proxy/capabilities.js';

/** `RequestsReceived` dimension for a method outside RFC 3261 and its extensions (bounds the metric count). */
export const OTHER_METHOD = 'OTHER';

/** Class of a final response: the `StatusClass` dimension. */
export type StatusClass = '2xx' | '3xx' | '4xx' | '5xx' | '6xx';

/** What one flush interval saw. */
export interface WindowSnapshot {
  readonly requestsByMethod: ReadonlyMap<string, number>;
  readonly responsesByStatusClass: ReadonlyMap<StatusClass, number>;
  /** Milliseconds, in the order recorded. */
  readonly latenciesByHandler: ReadonlyMap<HandlerName, readonly number[]>;
}

/** Every method token a client sends would otherwise become its own CloudWatch metric. */
export function methodDimension(method: string): string {
  return KNOWN_METHODS.has(method) ? method : OTHER_METHOD;
}

/** RFC 3261 §7.2: 1xx is provisional; only final responses are counted. */
export function statusClass(status: number): StatusClass | null {
  if (status < 200 || status > 699) return null;
  return `${Math.floor(status / 100)}xx` as StatusClass;
}

/** Counts and latencies of one flush interval; `take()` hands them over and starts the next. */
export class MetricWindow {
  #requests = new Map<string, number>();
  #responses = new Map<StatusClass, number>();
  #latencies = new Map<HandlerName, number[]>();

  countRequest(method: string): void {
    const key = methodDimension(method);
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1);
  }

  countResponse(status: number): void {
    const key = statusClass(status);
    if (key !== null) this.#responses.set(key, (this.#responses.get(key) ?? 0) + 1);
  }

  /** Kept to whole milliseconds: shorter lines, and finer is noise next to an invocation's cost. */
  addLatency(handler: HandlerName, ms: number): void {
    const rounded = Math.round(ms);
    const values = this.#latencies.get(handler);
    if (values === undefined) this.#latencies.set(handler, [rounded]);
    else values.push(rounded);
  }

  take(): WindowSnapshot {
    const snapshot = {
      requestsByMethod: this.#requests,
      responsesByStatusClass: this.#responses,
      latenciesByHandler: this.#latencies,
    };
    this.#requests = new Map();
    this.#responses = new Map();
    this.#latencies = new Map();
    return snapshot;
  }
}
