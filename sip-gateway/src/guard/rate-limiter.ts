import { BoundedMap } from './bounded-map.js';

export type RateDecision = { readonly ok: true } | { readonly ok: false; readonly retryAfterSec: number };

/** A token bucket per key: `ratePerSecond` sustained, bursts up to the same count. */
export class KeyedRateLimiter {
  readonly #buckets: BoundedMap<string, { tokens: number; atMs: number }>;

  constructor(
    private readonly ratePerSecond: number,
    maxKeys: number,
  ) {
    this.#buckets = new BoundedMap(maxKeys);
  }

  tryAcquire(key: string, nowMs: number): RateDecision {
    const bucket = this.#buckets.get(key) ?? { tokens: this.ratePerSecond, atMs: nowMs };
    const refilled = Math.min(
      this.ratePerSecond,
      bucket.tokens + ((nowMs - bucket.atMs) / 1000) * this.ratePerSecond,
    );
    if (refilled < 1) {
      this.#buckets.set(key, { tokens: refilled, atMs: nowMs });
      return { ok: false, retryAfterSec: Math.max(1, Math.ceil((1 - refilled) / this.ratePerSecond)) };
    }
    this.#buckets.set(key, { tokens: refilled - 1, atMs: nowMs });
    return { ok: true };
  }
}
