import { describe, expect, it } from 'vitest';
import { cachedLookup } from '#sip/dns/cached-lookup.js';
import type { DnsAnswer, DnsLookup } from '#sip/dns/dns-answer.js';
import { found } from './dns-fakes.js';

const SETTINGS = {
  cacheMaxEntries: 2,
  cacheMaxTtlMs: 600_000,
  cacheUntimedTtlMs: 120_000,
  cacheNegativeTtlMs: 30_000,
};

/** A lookup whose answers the test sets per name, counting the queries that reach it. */
function setUp() {
  let nowMs = 0;
  const asked: string[] = [];
  const answers = new Map<string, DnsAnswer<string>>();
  const inner: DnsLookup = {
    naptr: async (name) => {
      asked.push(`NAPTR ${name}`);
      return { kind: 'absent' };
    },
    srv: async (name) => {
      asked.push(`SRV ${name}`);
      return found([{ priority: 0, weight: 0, port: 5060, name: 'x' }]);
    },
    addresses: async (name) => {
      asked.push(`A ${name}`);
      return answers.get(name) ?? { kind: 'absent' };
    },
  };
  const lookup = cachedLookup(inner, SETTINGS, () => nowMs);
  return {
    lookup,
    asked,
    answers,
    advance: (ms: number) => {
      nowMs += ms;
    },
  };
}

describe('cachedLookup (RFC 1035 §3.2.1 TTL, RFC 2308 negative caching)', () => {
  it('MUST NOT reuse an answer after its TTL', async () => {
    const t = setUp();
    t.answers.set('a.example.com', found(['192.0.2.1'], 60));
    await t.lookup.addresses('a.example.com');
    t.advance(59_999);
    await t.lookup.addresses('A.example.com.');
    expect(t.asked).toEqual(['A a.example.com']);
    t.advance(1);
    await t.lookup.addresses('a.example.com');
    expect(t.asked).toEqual(['A a.example.com', 'A a.example.com']);
  });
  it('MUST NOT keep an answer longer than cacheMaxTtlMs, whatever its TTL', async () => {
    const t = setUp();
    t.answers.set('a.example.com', found(['192.0.2.1'], 86_400));
    await t.lookup.addresses('a.example.com');
    t.advance(600_000);
    await t.lookup.addresses('a.example.com');
    expect(t.asked).toHaveLength(2);
  });
  it('MUST NOT cache an answer with TTL 0', async () => {
    const t = setUp();
    t.answers.set('a.example.com', found(['192.0.2.1'], 0));
    await t.lookup.addresses('a.example.com');
    await t.lookup.addresses('a.example.com');
    expect(t.asked).toHaveLength(2);
  });
  it('keeps answers without a TTL (NAPTR, SRV) for cacheUntimedTtlMs', async () => {
    const t = setUp();
    await t.lookup.srv('_sip._udp.example.com');
    t.advance(119_999);
    await t.lookup.srv('_sip._udp.example.com');
    t.advance(1);
    await t.lookup.srv('_sip._udp.example.com');
    expect(t.asked).toEqual(['SRV _sip._udp.example.com', 'SRV _sip._udp.example.com']);
  });
  it('MUST remember an absent name for the negative TTL only (RFC 2308 §5)', async () => {
    const t = setUp();
    await t.lookup.naptr('example.com');
    t.advance(29_999);
    await t.lookup.naptr('example.com');
    t.advance(1);
    await t.lookup.naptr('example.com');
    expect(t.asked).toEqual(['NAPTR example.com', 'NAPTR example.com']);
  });
  it('MUST NOT cache a failed query', async () => {
    const t = setUp();
    t.answers.set('a.example.com', { kind: 'failed', detail: 'ETIMEOUT' });
    await t.lookup.addresses('a.example.com');
    await t.lookup.addresses('a.example.com');
    expect(t.asked).toHaveLength(2);
  });
  it('keeps at most cacheMaxEntries names per record type, dropping the least recently used', async () => {
    const t = setUp();
    for (const name of ['a', 'b', 'a', 'c', 'a', 'b']) {
      t.answers.set(name, found(['192.0.2.1'], 60));
      await t.lookup.addresses(name);
    }
    expect(t.asked).toEqual(['A a', 'A b', 'A c', 'A b']);
  });
});
