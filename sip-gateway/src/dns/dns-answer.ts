import type { NaptrRecord, SrvRecord } from 'node:dns';

export type { NaptrRecord, SrvRecord };

/** What DNS said about one name and record type. */
export type DnsAnswer<T> =
  /** `ttlSec` is null when the resolver does not report it (node:dns for NAPTR and SRV). */
  | { readonly kind: 'found'; readonly records: readonly T[]; readonly ttlSec: number | null }
  /** RFC 2308: the name does not exist (NXDOMAIN) or has no record of the type (NODATA). */
  | { readonly kind: 'absent' }
  /** No answer: timeout, SERVFAIL, refused. Nothing is known about the name. */
  | { readonly kind: 'failed'; readonly detail: string };

/** The three lookups of RFC 3263 §4; tests inject their own. */
export interface DnsLookup {
  naptr(name: string): Promise<DnsAnswer<NaptrRecord>>;
  srv(name: string): Promise<DnsAnswer<SrvRecord>>;
  /** A then AAAA records (RFC 3263 §4.2: "an A or AAAA record lookup"), as address strings. */
  addresses(name: string): Promise<DnsAnswer<string>>;
}
