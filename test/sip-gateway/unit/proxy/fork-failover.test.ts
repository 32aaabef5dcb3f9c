/** RFC 3263 §4.3: a branch whose server fails moves on to the target's next server. */
import { describe, expect, it } from 'vitest';
import type { SipRequest } from '#sip/message/types.js';
import { type BranchSpec, ForkSession } from '#sip/proxy/fork-session.js';
import { forwardRequest, ownVia } from '#sip/proxy/forward-request.js';
import type { ClientTransactionListener } from '#sip/transaction/transaction-user.js';
import type { SendTarget } from '#sip/transport/transport.js';
import { FakeClock } from '#test/support/fake-clock.js';
import { branchResponse, invite } from './support.js';

interface Started {
  readonly request: SipRequest;
  readonly destination: SendTarget;
  readonly listener: ClientTransactionListener;
}

const server = (n: number): SendTarget => ({ protocol: 'udp', address: `192.0.2.${n}`, port: 5060 });

/** The request of one attempt, with its own Via branch (RFC 3263 §4.3: "a different value of the Via branch ID"). */
const attempt = (n: number) => ({
  request: forwardRequest(invite(), {
    recordRoute: [],
    pushRoutes: [],
    addHeaders: [],
    via: ownVia('10.0.0.1', 5060, 'udp', `z9hG4bKgw.${n}`),
    maxForwardsDefault: 70,
  }),
  send: server(n),
});

function setUp(refuse: ReadonlySet<string> = new Set()) {
  const clock = new FakeClock();
  const started: Started[] = [];
  const events: string[] = [];
  const session = new ForkSession({
    request: invite(),
    transactions: {
      startClientTransaction: (request, destination: SendTarget, reliable, listener) => {
        if (refuse.has(destination.address)) return { ok: false, error: 'no route' };
        started.push({ request, destination, listener });
        return { ok: true, value: { id: String(started.length), request, destination, reliable } };
      },
      abandonClientTransaction: () => {},
    },
    clock,
    timerCMs: 180_000,
    lingerMs: 32_000,
    newBranch: () => 'z9hG4bKretry',
    randomToken: () => 'tok',
    listener: {
      provisional: (r) => events.push(`provisional ${r.status}`),
      answered: (r, branch) => events.push(`answered ${r.status} via ${branch.send.address}`),
      ended: (result) => events.push(`ended ${result.end} ${result.best?.status ?? '-'}`),
      disposed: () => events.push('disposed'),
    },
  });
  const spec: BranchSpec = { ...attempt(1), alternates: [attempt(2), attempt(3)] };
  const sentTo = () =>
    started.map((s) => `${s.request.method} ${s.destination.address} ${s.request.base.via[0].branch}`);
  return { clock, started, events, session, spec, sentTo };
}

describe('ForkSession failover (RFC 3263 §4.3)', () => {
  it('MUST try the next server, on a new transaction with a new branch, after a transport error or a timeout', () => {
    const t = setUp();
    t.session.start([t.spec], 0, null);
    t.started[0]?.listener({ kind: 'transportError', error: 'ECONNREFUSED' });
    t.started[1]?.listener({ kind: 'timeout', timer: 'B' });
    t.started[2]?.listener({ kind: 'final', response: branchResponse(200) });
    expect(t.sentTo()).toEqual([
      'INVITE 192.0.2.1 z9hG4bKgw.1',
      'INVITE 192.0.2.2 z9hG4bKgw.2',
      'INVITE 192.0.2.3 z9hG4bKgw.3',
    ]);
    expect(t.events).toEqual(['answered 200 via 192.0.2.3', 'disposed']);
  });

  it('MUST try the next server after a 503, and give the last failure when none is left', () => {
    const t = setUp();
    t.session.start([t.spec], 0, null);
    t.started[0]?.listener({ kind: 'final', response: branchResponse(503) });
    t.started[1]?.listener({ kind: 'final', response: branchResponse(503) });
    t.started[2]?.listener({ kind: 'transportError', error: 'ECONNREFUSED' });
    expect(t.started).toHaveLength(3);
    expect(t.events).toEqual(['ended branches-done 503', 'disposed']);
  });

  it('tries the next server when the transport cannot start a transaction at all', () => {
    const t = setUp(new Set(['192.0.2.1']));
    t.session.start([t.spec], 0, null);
    expect(t.sentTo()).toEqual(['INVITE 192.0.2.2 z9hG4bKgw.2']);
  });

  it('MUST NOT fail over on other final responses, nor after the caller cancelled', () => {
    const rejected = setUp();
    rejected.session.start([rejected.spec], 0, null);
    rejected.started[0]?.listener({ kind: 'final', response: branchResponse(486) });
    expect(rejected.started).toHaveLength(1);
    expect(rejected.events).toEqual(['ended branches-done 486', 'disposed']);

    const cancelled = setUp();
    cancelled.session.start([cancelled.spec], 0, null);
    cancelled.session.cancel(null);
    cancelled.started[0]?.listener({ kind: 'timeout', timer: 'B' });
    expect(cancelled.started).toHaveLength(1);
  });

  it('a CANCEL before the servers are located ends the fork without ringing', () => {
    const t = setUp();
    t.session.cancel(null);
    t.session.start([t.spec], 0, null);
    expect(t.started).toHaveLength(0);
    expect(t.events).toEqual(['ended caller-cancel -', 'disposed']);
  });
});
