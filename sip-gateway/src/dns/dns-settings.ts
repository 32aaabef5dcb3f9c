/** How the gateway asks DNS for the servers of SIP URIs (RFC 3263 §4), with units in the names. */
export interface DnsSettings {
  /** DNS servers to ask (`ip`, `ip:port`, `[v6]:port`); empty: the system's resolver configuration. */
  readonly servers: readonly string[];
  /** How long one query waits for an answer before it is sent again. */
  readonly queryTimeoutMs: number;
  /** Attempts of one query per server. */
  readonly queryTries: number;
  /** Answers kept per record type (NAPTR, SRV, addresses); the least recently used go first. */
  readonly cacheMaxEntries: number;
  /** Longest any answer is kept, whatever its TTL says. */
  readonly cacheMaxTtlMs: number;
  /** NAPTR and SRV answers: node:dns does not report their TTL, so they are kept this long. */
  readonly cacheUntimedTtlMs: number;
  /** RFC 2308: how long a name or record type found not to exist is remembered. */
  readonly cacheNegativeTtlMs: number;
  /** Servers one branch tries in turn (RFC 3263 §4.3); further ones are dropped. */
  readonly maxTargets: number;
}

export const DNS_SETTINGS_DEFAULTS = {
  servers: [],
  queryTimeoutMs: 1_500,
  queryTries: 2,
  cacheMaxEntries: 10_000,
  cacheMaxTtlMs: 3_600_000,
  cacheUntimedTtlMs: 300_000,
  cacheNegativeTtlMs: 60_000,
  maxTargets: 8,
} as const satisfies DnsSettings;
