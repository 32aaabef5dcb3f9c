import type { SrvRecord } from './dns-answer.js';

/**
 * RFC 2782 "Usage rules": the SRV records in the order to contact them. Lowest priority first;
 * within a priority, repeatedly pick a record at random with probability by weight: zero-weight
 * records placed first, a uniform number in [0, sum of weights], the first record whose running
 * sum is at least that number. A target of "." ("decidedly not available") is no server.
 * `random` is uniform in [0, 1).
 */
export function orderSrv(records: readonly SrvRecord[], random: () => number): SrvRecord[] {
  const usable = records.filter((record) => record.name !== '' && record.name !== '.');
  const priorities = [...new Set(usable.map((record) => record.priority))].sort((a, b) => a - b);
  return priorities.flatMap((priority) =>
    weightedOrder(
      usable.filter((record) => record.priority === priority),
      random,
    ),
  );
}

function weightedOrder(group: readonly SrvRecord[], random: () => number): SrvRecord[] {
  const pending = [...group.filter((r) => r.weight === 0), ...group.filter((r) => r.weight > 0)];
  const ordered: SrvRecord[] = [];
  while (pending.length > 0) {
    const total = pending.reduce((sum, record) => sum + record.weight, 0);
    const pick = Math.floor(random() * (total + 1));
    let running = 0;
    const index = pending.findIndex((record) => {
      running += record.weight;
      return running >= pick;
    });
    ordered.push(...pending.splice(Math.max(index, 0), 1));
  }
  return ordered;
}
