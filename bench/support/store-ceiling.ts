import { updateEdgeBindings } from '#functions/register/update-bindings.js';
import { ok } from '#functions/shared/result.js';
import { ensureTable, startEmbeddedStore } from '#sip/local/embedded-store.js';
import { binding } from '#test/functions/register/binding-fixtures.js';

const TABLE_NAME = 'StoreCeiling';
const EDGE = 'ashburn';
const DOMAIN_SID = `SD${'0'.repeat(32)}`;

export interface StoreCeiling {
  readonly registersPerS: number;
  /** CPU of this process (the store's worker and the calls to it) per REGISTER, all threads. */
  readonly cpuUsPerRegister: number;
}

/**
 * The most REGISTERs per second the embedded store alone can take: the store work of one
 * authenticated REGISTER of a new AOR (updateEdgeBindings: one Query, one conditional PutItem), as
 * fast as the dynalite worker serves it, with no SIP, no handler and no SIPp using the CPU.
 */
export async function measureStoreCeiling(options: {
  readonly registers: number;
  readonly inFlight: number;
}): Promise<StoreCeiling> {
  const store = startEmbeddedStore({ memory: true });
  try {
    await ensureTable(store.dynamo, TABLE_NAME);
    const ctx = { dynamo: store.dynamo, tableName: TABLE_NAME };
    const register = async (n: number) => {
      const aorUser = `user${n}`;
      const nowMs = Date.now();
      const updated = await updateEdgeBindings(ctx, {
        domainSid: DOMAIN_SID,
        aorUser,
        edge: EDGE,
        owner: {
          accountSid: `AC${'0'.repeat(32)}`,
          domainSid: DOMAIN_SID,
          aor: `sip:${aorUser}@bench`,
          aorUser,
          edge: EDGE,
        },
        plan: () =>
          ok([
            binding({
              contactUri: `sip:${aorUser}@127.0.0.1:5061`,
              callId: `1-${aorUser}@127.0.0.1`,
              registeredAtMs: nowMs,
              expiresAtMs: nowMs + 600_000,
            }),
          ]),
        nowMs,
        maxWriteAttempts: 1,
      });
      if (!updated.ok) throw new Error(`store ceiling: ${aorUser}: ${updated.error}`);
    };
    const run = async (first: number, count: number) => {
      let next = first;
      const lane = async () => {
        while (next < first + count) await register(next++);
      };
      await Promise.all(Array.from({ length: options.inFlight }, lane));
    };
    await run(0, options.inFlight * 20); // JIT and table warm-up
    const startedMs = performance.now();
    const cpuBefore = process.cpuUsage();
    await run(options.inFlight * 20, options.registers);
    const cpu = process.cpuUsage(cpuBefore);
    return {
      registersPerS: (options.registers * 1000) / (performance.now() - startedMs),
      cpuUsPerRegister: (cpu.user + cpu.system) / options.registers,
    };
  } finally {
    await store.stop();
  }
}
