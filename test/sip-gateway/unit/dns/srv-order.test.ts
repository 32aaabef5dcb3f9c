import { describe, expect, it } from 'vitest';
import { orderSrv } from '#sip/dns/srv-order.js';
import { sequence, srv } from './dns-fakes.js';

const names = (records: readonly { name: string }[]) => records.map((r) => r.name);

describe('orderSrv (RFC 2782 usage rules)', () => {
  it('MUST contact the target with the lowest priority first', () => {
    const records = [
      srv(20, 0, 5060, 'c'),
      srv(10, 0, 5060, 'a'),
      srv(30, 0, 5060, 'd'),
      srv(10, 0, 5060, 'b'),
    ];
    expect(names(orderSrv(records, () => 0))).toEqual(['a', 'b', 'c', 'd']);
  });
  it('MUST pick within a priority the first record whose running weight sum reaches the random number', () => {
    const records = [srv(0, 10, 1, 'a'), srv(0, 30, 2, 'b'), srv(0, 60, 3, 'c')];
    // 0.5 → 50 of 0..100: running sums 10, 40, 100 → c; then 0.2 → 8 of 0..40 → a; then b.
    expect(names(orderSrv(records, sequence(0.5, 0.2, 0)))).toEqual(['c', 'a', 'b']);
  });
  it('MUST choose the first record in proportion to its weight', () => {
    const records = [srv(0, 10, 1, 'a'), srv(0, 30, 2, 'b'), srv(0, 60, 3, 'c')];
    const firsts = new Map<string, number>();
    const draws = 10_000;
    for (let i = 0; i < draws; i++) {
      const first = orderSrv(records, sequence(i / draws, 0))[0]?.name ?? '';
      firsts.set(first, (firsts.get(first) ?? 0) + 1);
    }
    expect((firsts.get('a') ?? 0) / draws).toBeCloseTo(11 / 101, 2);
    expect((firsts.get('b') ?? 0) / draws).toBeCloseTo(30 / 101, 2);
    expect((firsts.get('c') ?? 0) / draws).toBeCloseTo(60 / 101, 2);
  });
  it('MUST place zero-weight records first, so they are chosen only when the random number is 0', () => {
    const records = [srv(0, 10, 1, 'heavy'), srv(0, 0, 2, 'zero')];
    expect(names(orderSrv(records, sequence(0)))).toEqual(['zero', 'heavy']);
    expect(names(orderSrv(records, sequence(0.5, 0)))).toEqual(['heavy', 'zero']);
  });
  it('MUST NOT contact a target of "." (service decidedly not available)', () => {
    expect(orderSrv([srv(0, 0, 0, '.')], () => 0)).toEqual([]);
  });
});
