export interface TtlCacheOptions {
  readonly ttlMs: number;
  readonly maxEntries: number;
  readonly now: () => number;
}

/**
 * A bounded read-through cache: an entry is served for at most `ttlMs` after it was loaded, so a
 * change made through the API is seen by every reader within `ttlMs`. Concurrent loads of one key
 * share one promise. When full, the oldest entry is evicted.
 */
export class TtlCache<V> {
  readonly #entries = new Map<string, { readonly loadedAtMs: number; readonly value: Promise<V> }>();
  readonly #options: TtlCacheOptions;

  constructor(options: TtlCacheOptions) {
    this.#options = options;
  }

  getOrLoad(key: string, load: () => Promise<V>): Promise<V> {
    const now = this.#options.now();
    const hit = this.#entries.get(key);
    if (hit !== undefined && now - hit.loadedAtMs < this.#options.ttlMs) return hit.value;
    this.#entries.delete(key);
    while (this.#entries.size >= this.#options.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done === true) break;
      this.#entries.delete(oldest.value);
    }
    const value = load();
    this.#entries.set(key, { loadedAtMs: now, value });
    value.catch(() => this.#entries.delete(key));
    return value;
  }
}
