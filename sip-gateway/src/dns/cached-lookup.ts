import { BoundedMap } from '../guard/bounded-map.js';
import type { DnsAnswer, DnsLookup } from './dns-answer.js';
import type { DnsSettings } from './dns-settings.js';

type CacheSettings = Pick<
  DnsSettings,
  'cacheMaxEntries' | 'cacheMaxTtlMs' | 'cacheUntimedTtlMs' | 'cacheNegativeTtlMs'
>;

interface Entry<T> {
  readonly answer: DnsAnswer<T>;
  readonly expiresAtMs: number;
}

/**
 * Keeps answers as long as their TTL says (RFC 1035 §3.2.1), absent names for the negative TTL
 * (RFC 2308 §5), both capped; failures are not kept. One bounded map per record type.
 */
export function cachedLookup(lookup: DnsLookup, settings: CacheSettings, nowMs: () => number): DnsLookup {
  const cache = <T>(ask: (name: string) => Promise<DnsAnswer<T>>) => {
    const entries = new BoundedMap<string, Entry<T>>(settings.cacheMaxEntries);
    return async (name: string): Promise<DnsAnswer<T>> => {
      const key = name.toLowerCase().replace(/\.$/, '');
      const entry = entries.get(key);
      if (entry !== undefined && entry.expiresAtMs > nowMs()) return entry.answer;
      const answer = await ask(key);
      const lifetimeMs = answerLifetimeMs(answer, settings);
      if (lifetimeMs > 0) entries.set(key, { answer, expiresAtMs: nowMs() + lifetimeMs });
      else entries.delete(key);
      return answer;
    };
  };
  return {
    naptr: cache((name) => lookup.naptr(name)),
    srv: cache((name) => lookup.srv(name)),
    addresses: cache((name) => lookup.addresses(name)),
  };
}

/** How long an answer may be reused: 0 for failures and for TTL 0 (RFC 1035: "should not be cached"). */
export function answerLifetimeMs(answer: DnsAnswer<unknown>, settings: CacheSettings): number {
  const lifetimeMs =
    answer.kind === 'failed'
      ? 0
      : answer.kind === 'absent'
        ? settings.cacheNegativeTtlMs
        : answer.ttlSec === null
          ? settings.cacheUntimedTtlMs
          : answer.ttlSec * 1000;
  return Math.min(lifetimeMs, settings.cacheMaxTtlMs);
}
