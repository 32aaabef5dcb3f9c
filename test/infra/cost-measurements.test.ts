import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouteHandler } from '#functions/route/route-handler.js';
import { createAuthDirectory } from '#functions/shared/store/auth-directory.js';
import { writeEdgeBindings } from '#functions/shared/store/binding-store.js';
import type { StoreContext } from '#functions/shared/store/store-context.js';
import type { HandlerEvent, HandlerResult } from '#sip/contract/handler-events.js';
import { startTestStore, type TestStore } from '#test/support/embedded-store.js';
import { binding } from '../functions/register/binding-fixtures.js';
import * as registrar from '../functions/register/registrar-harness.js';
import { type ProbedStore, probeStore } from '../functions/register/store-probes.js';
import * as router from '../functions/route/handler/route-harness.js';
import {
  type CustomerWeb,
  response,
  startCustomerWeb,
  twiml,
} from '../functions/route/handler/web-server.js';

/** The module-scope directory cache of both lambda.ts files (docs/data-model.md "Caches and staleness"). */
const CACHE_TTL_MS = 5_000;

type Handle = (event: HandlerEvent) => Promise<HandlerResult>;
/** Store commands of one handler invocation by SDK command name, and the write units the table reported. */
interface Ops {
  readonly commands: Readonly<Record<string, number>>;
  readonly writeUnits: number;
}

/** Capacity units the table itself reports (ReturnConsumedCapacity, by item size): before GSI and replicas. */
interface Capacity {
  read: number;
  write: number;
}
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);
const NONE: Ops = { commands: {}, writeUnits: 0 };

/**
 * Runs the registrar and the router against dynalite through a counting client middleware (the same
 * handlers, caches and TTL as one deployed Lambda instance) and counts the store commands of each
 * invocation of an exchange: the inputs of docs/cost.md. Printed, and asserted so a change that alters
 * the cost model fails here.
 */
describe('cost inputs: store operations per handler invocation (docs/cost.md)', () => {
  let store: TestStore;
  let probe: ProbedStore;
  /** The probed store, with each operation's consumed capacity added to `capacity`. */
  let measured: StoreContext;
  let web: CustomerWeb;
  const report: string[] = [];

  const capacity: Capacity = { read: 0, write: 0 };

  /** Invokes once and returns the commands that invocation sent; prints them with capacity and duration. */
  async function invoke(label: string, handle: Handle, event: HandlerEvent): Promise<[HandlerResult, Ops]> {
    probe.reset();
    capacity.read = 0;
    capacity.write = 0;
    const startedMs = performance.now();
    const result = await handle(event);
    const durationMs = performance.now() - startedMs;
    const commands = Object.fromEntries([...probe.counts].sort());
    const units = `RRU ${capacity.read} WRU ${capacity.write}`.padEnd(16);
    report.push(
      `${label.padEnd(44)} ${units} ${durationMs.toFixed(1).padStart(6)} ms  ${JSON.stringify(commands)}`,
    );
    return [result, { commands, writeUnits: capacity.write }];
  }

  beforeAll(async () => {
    store = await startTestStore('sipedge-cost');
    probe = probeStore(store);
    measured = {
      tableName: store.tableName,
      dynamo: async (operation, body) => {
        const out = await probe.ctx.dynamo(operation, { ...body, ReturnConsumedCapacity: 'TOTAL' });
        const units = (out.ConsumedCapacity as { CapacityUnits?: number } | undefined)?.CapacityUnits ?? 0;
        if (WRITES.has(operation)) capacity.write += units;
        else capacity.read += units;
        return out;
      },
    };
    web = await startCustomerWeb();
  });
  afterAll(async () => {
    process.stdout.write(
      `\nPer invocation against dynalite (directory cache TTL ${CACHE_TTL_MS} ms; RRU/WRU of the table only):\n${report.join('\n')}\n`,
    );
    await web?.close();
    await store?.stop();
  });

  it('REGISTER pair: the 401 costs nothing once the domain is cached; the authenticated one 1 Query + 1 PutItem warm', async () => {
    const domain = await registrar.createDomain(store, 'cost');
    const reg = registrar.createRegistrar(measured, {}, CACHE_TTL_MS);
    const pair = async (name: string, user: string, cseq: number) => {
      const spec = { user, cseq, contacts: [`<sip:${user}@198.51.100.7:5060>`] };
      const [challenge, challengeOps] = await invoke(
        `${name}: REGISTER → 401`,
        reg.handle,
        registrar.registerEvent(domain, spec),
      );
      const answer = registrar.answerChallenge(registrar.asResponse(challenge), `sip:${domain.name}`, {
        authUser: user,
      });
      const event = registrar.registerEvent(domain, { ...spec, headers: [`Authorization: ${answer}`] });
      const [result, authOps] = await invoke(`${name}: REGISTER → 200`, reg.handle, event);
      expect([registrar.asResponse(challenge).status, registrar.asResponse(result).status]).toEqual([
        401, 200,
      ]);
      return { challengeOps, authOps };
    };

    // Cold: the 401 loads the domain (name claim, domain, mappings); the 200 reads the device's digest.
    expect(await pair('cold instance', 'alice', 1)).toEqual({
      challengeOps: { commands: { GetItem: 2, Query: 1 }, writeUnits: 0 },
      authOps: { commands: { GetItem: 1, PutItem: 1, Query: 1 }, writeUnits: 1 },
    });
    // Another device of a cached domain (the usual refresh): only its digest is read.
    expect(await pair('domain cached, device not', 'bob', 1)).toEqual({
      challengeOps: NONE,
      authOps: { commands: { GetItem: 1, PutItem: 1, Query: 1 }, writeUnits: 1 },
    });
    // Within the TTL of the same device's digest.
    expect(await pair('domain and device cached', 'alice', 2)).toEqual({
      challengeOps: NONE,
      authOps: { commands: { PutItem: 1, Query: 1 }, writeUnits: 1 },
    });
  });

  it('call to a registered device: INVITE → 407, INVITE → <Dial>, call-progress → done', async () => {
    const account = await router.createAccount(store);
    let nowMs = router.T0;
    const now = () => nowMs;
    const route = createRouteHandler({
      store: measured,
      directory: createAuthDirectory({
        store: measured,
        cacheTtlMs: CACHE_TTL_MS,
        maxCacheEntries: 1_000,
        now,
      }),
      digest: router.DIGEST,
      zone: router.ZONE,
      settings: router.FAST_SETTINGS,
      carrierTrunk: null,
      twimlBinOrigins: [],
      now,
    });
    const domainName = `cost-calls.sip.${router.ZONE}`;
    const voiceUrl = web.on('/cost', twiml(response(`<Dial><Sip>sip:bob@${domainName}</Sip></Dial>`)));
    const statusCallback = web.on('/cost-status', (_request, res) => res.writeHead(204).end());
    const domain = await router.createDomain(store, account, 'cost-calls', {
      voiceUrl,
      voiceStatusCallbackUrl: statusCallback,
    });
    const owner = {
      accountSid: account.sid,
      domainSid: domain.sid,
      aor: `sip:bob@${domainName}`,
      aorUser: 'bob',
    };
    const bob = binding({ contactUri: 'sip:bob@198.51.100.9:5060', expiresAtMs: router.T0 + 3_600_000 });
    await writeEdgeBindings(store, { ...owner, edge: 'ashburn' }, [bob], null);

    const call = async (name: string, callId: string) => {
      const [challenge, challengeOps] = await invoke(
        `${name}: INVITE → 407`,
        route,
        router.inviteEvent(domain, { callId }),
      );
      const answer = router.answerChallenge(router.asResponse(challenge), `sip:+14155550100@${domain.name}`);
      const headers = [`Proxy-Authorization: ${answer}`];
      const [dial, inviteOps] = await invoke(
        `${name}: INVITE → <Dial>`,
        route,
        router.inviteEvent(domain, { callId, headers }),
      );
      nowMs += 65_000; // rings 5 s, talks 60 s
      const outcome = {
        dialCallStatus: 'completed',
        dialCallDurationSec: 60,
        sipResponseCode: 200,
        sipCallId: callId,
      } as const;
      const timing = { callerAwaitingAnswer: false, answeredAtMs: nowMs - 60_000, endedAtMs: nowMs };
      const [done, progressOps] = await invoke(
        `${name}: call-progress → done`,
        route,
        router.progressEvent(router.asProxy(dial), outcome, timing),
      );
      expect(done).toEqual({ version: 1, action: 'done' });
      return { challengeOps, inviteOps, progressOps };
    };

    const cold = await call('cold instance', 'cost-1@198.51.100.7');
    // The next call starts within the TTL of a lookup by another call (a busy domain on a warm instance).
    await invoke(
      'warm-up: INVITE → 407 of another call',
      route,
      router.inviteEvent(domain, { callId: 'other' }),
    );
    const warm = await call('domain cached', 'cost-2@198.51.100.7');
    // INVITE → <Dial>: digest and account reads, the AOR's bindings, the call record (already ringing).
    const dialOps = {
      commands: { GetItem: 2, PutItem: 1, Query: 1 },
      writeUnits: 1,
    };
    // call-progress: the account (signs the status callback), the child leg written once with its
    // whole history, and the parent's in-progress and completed in one update.
    const endOps = {
      commands: { GetItem: 1, PutItem: 1, UpdateItem: 1 },
      writeUnits: 2,
    };
    expect(cold).toEqual({
      challengeOps: { commands: { GetItem: 2, Query: 1 }, writeUnits: 0 },
      inviteOps: dialOps,
      progressOps: endOps,
    });
    // The account was read by the previous call-progress within the TTL: only the digest is read.
    const warmDialOps = { ...dialOps, commands: { ...dialOps.commands, GetItem: 1 } };
    expect(warm).toEqual({ challengeOps: NONE, inviteOps: warmDialOps, progressOps: endOps });
  });
});
