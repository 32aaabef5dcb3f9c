import { Resolver } from 'node:dns/promises';
import { cachedLookup } from './cached-lookup.js';
import type { DnsSettings } from './dns-settings.js';
import { type LocateServers, locateServers } from './locate-servers.js';
import { resolverLookup } from './resolver-lookup.js';

/**
 * RFC 3263 server location over node:dns, asking `settings.servers` (or the system's resolvers)
 * and caching the answers; `nowMs` is a monotonic clock for the cache.
 */
export function serverLocator(settings: DnsSettings, nowMs: () => number): LocateServers {
  const resolver = new Resolver({ timeout: settings.queryTimeoutMs, tries: settings.queryTries });
  if (settings.servers.length > 0) resolver.setServers([...settings.servers]);
  const lookup = cachedLookup(resolverLookup(resolver), settings, nowMs);
  return (uri) => locateServers(uri, { lookup, random: Math.random, maxTargets: settings.maxTargets });
}
