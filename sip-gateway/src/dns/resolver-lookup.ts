import type { RecordWithTtl } from 'node:dns';
import type { DnsAnswer, DnsLookup, NaptrRecord, SrvRecord } from './dns-answer.js';

/** The part of node:dns/promises `Resolver` the lookups use. */
export interface DnsResolver {
  resolveNaptr(name: string): Promise<NaptrRecord[]>;
  resolveSrv(name: string): Promise<SrvRecord[]>;
  resolve4(name: string, options: { ttl: true }): Promise<RecordWithTtl[]>;
  resolve6(name: string, options: { ttl: true }): Promise<RecordWithTtl[]>;
}

/** c-ares codes for NXDOMAIN and NODATA (RFC 2308); every other error means no answer. */
const ABSENT_CODES = new Set(['ENOTFOUND', 'ENODATA']);

/** DNS lookups over a resolver, with its errors sorted into absent names and failures. */
export function resolverLookup(resolver: DnsResolver): DnsLookup {
  return {
    naptr: (name) =>
      ask(
        () => resolver.resolveNaptr(name),
        () => null,
      ),
    srv: (name) =>
      ask(
        () => resolver.resolveSrv(name),
        () => null,
      ),
    async addresses(name) {
      const [v4, v6] = await Promise.all([
        ask(() => resolver.resolve4(name, { ttl: true }), minTtl),
        ask(() => resolver.resolve6(name, { ttl: true }), minTtl),
      ]);
      const found = [v4, v6].flatMap((answer) => (answer.kind === 'found' ? [answer] : []));
      if (found.length === 0)
        return v4.kind === 'failed' ? v4 : v6.kind === 'failed' ? v6 : { kind: 'absent' };
      const ttls = found.flatMap((answer) => (answer.ttlSec === null ? [] : [answer.ttlSec]));
      return {
        kind: 'found',
        records: found.flatMap((answer) => answer.records.map((record) => record.address)),
        ttlSec: ttls.length === 0 ? null : Math.min(...ttls),
      };
    },
  };
}

async function ask<T>(
  query: () => Promise<T[]>,
  ttlOf: (records: readonly T[]) => number | null,
): Promise<DnsAnswer<T>> {
  try {
    const records = await query();
    return records.length === 0 ? { kind: 'absent' } : { kind: 'found', records, ttlSec: ttlOf(records) };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && ABSENT_CODES.has(code)) return { kind: 'absent' };
    return { kind: 'failed', detail: error instanceof Error ? error.message : String(error) };
  }
}

/** A record set lives as long as its shortest-lived record. */
function minTtl(records: readonly RecordWithTtl[]): number {
  return Math.min(...records.map((record) => record.ttl));
}
