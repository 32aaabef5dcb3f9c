import { describe, expect, it } from 'vitest';
import type { SipRequest, SipResponse } from '#sip/message/types.js';
import { type BranchSpec, ForkSession, type UnansweredFork } from '#sip/proxy/fork-session.js';
import { forwardRequest, ownVia } from '#sip/proxy/forward-request.js';
import type { ClientTransactionListener } from '#sip/transaction/transaction-user.js';
import type { SendTarget } from '#sip/transport/transport.js';
import { FakeClock } from '#test/support/fake-clock.js';
import { branchResponse, invite } from './support.js';

interface Started {
  readonly request: SipRequest;
  readonly listener: ClientTransactionListener;
}

function setUp() {
  const clock = new FakeClock();
  const started: Started[] = [];
  const abandoned: string[] = [];
  const events: string[] = [];
  let ended: UnansweredFork | null = null;
  let forks = 0;
  const session = new ForkSession({
    request: invite(),
    transactions: {
      startClientTransaction: (request, destination: SendTarget, reliable, listener) => {
        started.push({ request, listener });
        return { ok: true, value: { id: String(started.length), request, destination, reliable } };
      },
      abandonClientTransaction: (transaction) => abandoned.push(transaction.id),
    },
    clock,
    timerCMs: 180_000,
    lingerMs: 32_000,
    newBranch: () => `z9hG4bKretry.${forks++}`,
    randomToken: () => 'tok',
    listener: {
      provisional: (r) => events.push(`provisional ${r.status}`),
      answered: (r, _b, first) => events.push(`answered ${r.status} ${first}`),
      ended: (result) => {
        ended = result;
        events.push(`ended ${result.end} ${result.best?.status ?? '-'}`);
      },
      disposed: () => events.push('disposed'),
    },
  });
  const branch = (n: number, credentials?: { username: string; password: string }): BranchSpec => ({
    request: forwardRequest(invite(), {
      recordRoute: [],
      pushRoutes: [],
      addHeaders: [],
      via: ownVia('10.0.0.1', 5060, 'udp', `z9hG4bKgw.${n}`),
      maxForwardsDefault: 70,
    }),
    send: { protocol: 'udp', address: '192.0.2.10', port: 5060 + n },
    ...(credentials ? { credentials } : {}),
  });
  const methods = () => started.map((s) => s.request.method);
  return { clock, started, abandoned, events, session, branch, methods, ended: () => ended };
}

const reply = (status: number, ...extra: string[]): SipResponse => branchResponse(status, ...extra);

describe('ForkSession (RFC 3261 §16.7, §16.8, §16.10)', () => {
  it('MUST NOT send CANCEL before the branch sent a provisional response (§9.1)', () => {
    const t = setUp();
    t.session.start([t.branch(1)], 0, 5_000);
    t.clock.advance(5_000);
    expect(t.events).toEqual(['ended timeout -']);
    expect(t.methods()).toEqual(['INVITE']);
    t.started[0]?.listener({ kind: 'provisional', response: reply(180) });
    expect(t.methods()).toEqual(['INVITE', 'CANCEL']);
    expect(t.events).toEqual(['ended timeout -']);
  });

  it('MUST act as if a branch got 408 when Timer C fires without a provisional response (§16.8)', () => {
    const t = setUp();
    t.session.start([t.branch(1)], 0, null);
    t.clock.advance(180_000);
    expect(t.events).toEqual(['ended branches-done 408', 'disposed']);
  });

  it('MUST cancel a branch whose Timer C fires after a provisional response, and reset it on each 1xx (§16.8)', () => {
    const t = setUp();
    t.session.start([t.branch(1)], 0, null);
    t.clock.advance(100_000);
    t.started[0]?.listener({ kind: 'provisional', response: reply(180) });
    t.clock.advance(179_000);
    expect(t.methods()).toEqual(['INVITE']);
    t.clock.advance(1_000);
    expect(t.methods()).toEqual(['INVITE', 'CANCEL']);
  });

  it('treats a timeout and a transport error as 408 and 503, and forwards 1xx but not 100 (§16.7 step 5)', () => {
    const t = setUp();
    t.session.start([t.branch(1), t.branch(2)], 0, null);
    t.started[0]?.listener({ kind: 'provisional', response: reply(100) });
    t.started[0]?.listener({ kind: 'provisional', response: reply(183) });
    t.started[0]?.listener({ kind: 'timeout', timer: 'B' });
    t.started[1]?.listener({ kind: 'transportError', error: 'refused' });
    expect(t.events).toEqual(['provisional 183', 'ended branches-done 408', 'disposed']);
  });

  it('answers a branch without a transport as its rejection (430 for a lost flow)', () => {
    const t = setUp();
    t.session.start([{ unreachable: 'flowFailed' }], 0, null);
    expect(t.events).toEqual(['ended branches-done 430', 'disposed']);
  });

  it('answers a challenge once, on a new client transaction with a new branch (§22.2)', () => {
    const t = setUp();
    t.session.start([t.branch(1, { username: 'u', password: 'p' })], 0, null);
    const challenge = 'WWW-Authenticate: Digest realm="r", nonce="n", qop="auth"';
    t.started[0]?.listener({ kind: 'final', response: reply(401, challenge) });
    expect(t.methods()).toEqual(['INVITE', 'INVITE']);
    expect(t.started[1]?.request.base.via[0].branch).toBe('z9hG4bKretry.0');
    t.started[1]?.listener({ kind: 'final', response: reply(401, challenge) });
    expect(t.methods()).toHaveLength(2);
    expect(t.events).toEqual(['ended branches-done 401', 'disposed']);
  });

  it('keeps a decided fork until its branches settle or the linger time passes', () => {
    const t = setUp();
    t.session.start([t.branch(1), t.branch(2)], 0, null);
    t.started[1]?.listener({ kind: 'final', response: reply(200) });
    expect(t.events).toEqual(['answered 200 true']);
    t.clock.advance(32_000);
    expect(t.events).toEqual(['answered 200 true', 'disposed']);
    // RFC 3261 §9.1: the branch that never answered its CANCEL is destroyed.
    expect(t.abandoned).toEqual(['1']);
    // A 2xx that comes even later is still forwarded (RFC 6026 §4).
    t.started[0]?.listener({ kind: 'final', response: reply(200) });
    expect(t.events.at(-1)).toBe('answered 200 false');
  });

  it('waits delayMs before ringing, and a CANCEL meanwhile rings nobody', () => {
    const t = setUp();
    t.session.start([t.branch(1)], 2_000, null);
    expect(t.started).toHaveLength(0);
    t.session.cancel(null);
    t.clock.advance(2_000);
    expect(t.started).toHaveLength(0);
    expect(t.ended()?.end).toBe('caller-cancel');
  });
});
