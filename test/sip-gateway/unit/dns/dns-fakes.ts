import type { DnsAnswer, DnsLookup, NaptrRecord, SrvRecord } from '#sip/dns/dns-answer.js';
import { parseUri } from '#sip/message/index.js';
import type { Uri } from '#sip/message/types.js';

export interface Zone {
  readonly naptr?: Readonly<Record<string, DnsAnswer<NaptrRecord>>>;
  readonly srv?: Readonly<Record<string, DnsAnswer<SrvRecord>>>;
  readonly addresses?: Readonly<Record<string, DnsAnswer<string>>>;
}

/** A DNS that answers from `zone` (absent for anything else) and records every query as `TYPE name`. */
export function fakeDns(zone: Zone): { readonly lookup: DnsLookup; readonly queries: string[] } {
  const queries: string[] = [];
  const answer = <T>(
    type: string,
    table: Readonly<Record<string, DnsAnswer<T>>> | undefined,
    name: string,
  ) => {
    queries.push(`${type} ${name}`);
    return Promise.resolve(table?.[name] ?? { kind: 'absent' as const });
  };
  return {
    queries,
    lookup: {
      naptr: (name) => answer('NAPTR', zone.naptr, name),
      srv: (name) => answer('SRV', zone.srv, name),
      addresses: (name) => answer('A/AAAA', zone.addresses, name),
    },
  };
}

export const found = <T>(records: readonly T[], ttlSec: number | null = null): DnsAnswer<T> => ({
  kind: 'found',
  records,
  ttlSec,
});

export const naptr = (
  order: number,
  preference: number,
  service: string,
  replacement: string,
): NaptrRecord => ({
  flags: 's',
  service,
  regexp: '',
  replacement,
  order,
  preference,
});

export const srv = (priority: number, weight: number, port: number, name: string): SrvRecord => ({
  priority,
  weight,
  port,
  name,
});

export function uri(text: string): Uri {
  const parsed = parseUri(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

/** A `random` that returns the given values in turn. */
export function sequence(...values: number[]): () => number {
  let next = 0;
  return () => values[next++ % values.length] ?? 0;
}
