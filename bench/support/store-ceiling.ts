import { updateEdgeBindings } from '#functions/register/update-bindings.js';
import { closeCallRecord, openInboundCall, recordDialLeg } from '#functions/route/call/call-records.js';
import { ok } from '#functions/shared/result.js';
import { readAorBindings } from '#functions/shared/store/binding-store.js';
import type { StoreContext } from '#functions/shared/store/store-context.js';
import { ensureTable, startEmbeddedStore } from '#sip/local/embedded-store.js';
import { binding } from '#test/functions/register/binding-fixtures.js';

const TABLE_NAME = 'StoreCeiling';
const EDGE = 'ashburn';
const ACCOUNT_SID = `AC${'0'.repeat(32)}`;
const DOMAIN_SID = `SD${'0'.repeat(32)}`;
const CALLEES = 50;

export interface StoreCeiling {
  readonly perS: number;
  /** CPU of this process (the store's worker and the calls to it) per unit of work, all threads. */
  readonly cpuUsPerUnit: number;
}

interface CeilingOptions {
  readonly units: number;
  readonly inFlight: number;
}

/** Runs `unit(ctx, n)` for n = 0, 1, … with `inFlight` at a time on a fresh embedded store. */
async function measure(
  options: CeilingOptions,
  setup: (ctx: StoreContext) => Promise<void>,
  unit: (ctx: StoreContext, n: number) => Promise<void>,
): Promise<StoreCeiling> {
  const store = startEmbeddedStore({ memory: true });
  try {
    await ensureTable(store.dynamo, TABLE_NAME);
    const ctx = { dynamo: store.dynamo, tableName: TABLE_NAME };
    await setup(ctx);
    const run = async (first: number, count: number) => {
      let next = first;
      const lane = async () => {
        while (next < first + count) await unit(ctx, next++);
      };
      await Promise.all(Array.from({ length: options.inFlight }, lane));
    };
    await run(0, options.inFlight * 20); // JIT and table warm-up
    const startedMs = performance.now();
    const cpuBefore = process.cpuUsage();
    await run(options.inFlight * 20, options.units);
    const cpu = process.cpuUsage(cpuBefore);
    return {
      perS: (options.units * 1000) / (performance.now() - startedMs),
      cpuUsPerUnit: (cpu.user + cpu.system) / options.units,
    };
  } finally {
    await store.stop();
  }
}

/** The registrar's store work for one new AOR (updateEdgeBindings: one Query, one conditional PutItem). */
async function register(ctx: StoreContext, aorUser: string): Promise<void> {
  const nowMs = Date.now();
  const updated = await updateEdgeBindings(ctx, {
    domainSid: DOMAIN_SID,
    aorUser,
    edge: EDGE,
    owner: {
      accountSid: ACCOUNT_SID,
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
}

/**
 * The most REGISTERs per second the embedded store alone can take: the store work of one
 * authenticated REGISTER of a new AOR, as fast as the dynalite worker serves it, with no SIP, no
 * handler and no SIPp using the CPU.
 */
export function measureRegisterStoreCeiling(options: CeilingOptions): Promise<StoreCeiling> {
  return measure(
    options,
    async () => {},
    (ctx, n) => register(ctx, `user${n}`),
  );
}

/**
 * The most calls per second the embedded store alone can take: the store work of one call of
 * bench:calls to a registered callee through a TwiML Bin (the callee's bindings queried, the
 * inbound leg created, the `<Dial>` leg written once ended, the inbound leg closed). The account
 * and the bin come from the directory's cache, and the ~0.5 credential reads per call that it
 * misses are left out, so the figure is generous to SipEdge.
 */
export function measureCallStoreCeiling(options: CeilingOptions): Promise<StoreCeiling> {
  const setup = async (ctx: StoreContext) => {
    for (let n = 0; n < CALLEES; n++) await register(ctx, `callee${n}`);
  };
  const call = async (ctx: StoreContext, n: number) => {
    const nowMs = Date.now();
    const callee = `callee${n % CALLEES}`;
    const bindings = await readAorBindings(ctx, DOMAIN_SID, callee, nowMs);
    if (bindings.length === 0) throw new Error(`store ceiling: ${callee} has no bindings`);
    const leg = {
      accountSid: ACCOUNT_SID,
      domainSid: DOMAIN_SID,
      from: `sip:caller${n % CALLEES}@bench`,
      to: `sip:${callee}@bench`,
      sipCallId: `${n}-call@127.0.0.1`,
      nowMs,
    };
    const inbound = await openInboundCall(ctx, leg);
    const end = { status: 'completed', answeredAtMs: nowMs, endedAtMs: nowMs, sipResponseCode: 200 } as const;
    await recordDialLeg(ctx, { ...leg, parentCallSid: inbound.sid }, end);
    await closeCallRecord(ctx, inbound.sid, end);
  };
  return measure(options, setup, call);
}
