import { describe, expect, it } from 'vitest';
import type { SipRequest, SipResponse } from '#sip/message/types.js';
import { TransactionLayer } from '#sip/transaction/transaction-layer.js';
import type { SendOutcome, TransactionTransport } from '#sip/transaction/transaction-transport.js';
import type {
  ClientTransactionEvent,
  RefusalReason,
  ServerTransaction,
  ServerTransactionEvent,
  TransactionUser,
} from '#sip/transaction/transaction-user.js';
import { FakeClock } from '#test/support/fake-clock.js';
import { buildRequest, buildResponse } from '#test/support/message-builders.js';

type Sent =
  | { readonly kind: 'request'; readonly request: SipRequest; readonly to: string }
  | { readonly kind: 'response'; readonly response: SipResponse; readonly to: string };

/** In-memory send port: records every send and fails or throws on demand. */
class RecordingTransport implements TransactionTransport<string, string> {
  readonly sent: Sent[] = [];
  failWith: string | null = null;
  throwWith: Error | null = null;

  async sendRequest(request: SipRequest, to: string): Promise<SendOutcome> {
    this.sent.push({ kind: 'request', request, to });
    return this.#outcome();
  }

  async sendResponse(response: SipResponse, to: string): Promise<SendOutcome> {
    this.sent.push({ kind: 'response', response, to });
    return this.#outcome();
  }

  statuses(): number[] {
    return this.sent.flatMap((s) => (s.kind === 'response' ? [s.response.status] : []));
  }

  methods(): string[] {
    return this.sent.flatMap((s) => (s.kind === 'request' ? [s.request.method] : []));
  }

  #outcome(): SendOutcome {
    if (this.throwWith) throw this.throwWith;
    return this.failWith === null ? { ok: true } : { ok: false, error: this.failWith };
  }
}

/** Records what the layer hands to the TU; `onRequestReply` lets a test answer synchronously. */
class RecordingUser implements TransactionUser<string> {
  readonly requests: ServerTransaction<string>[] = [];
  readonly cancels: [ServerTransaction<string>, ServerTransaction<string> | null][] = [];
  readonly acks: SipRequest[] = [];
  readonly serverEvents: ServerTransactionEvent[] = [];
  readonly strays: SipResponse[] = [];
  readonly refused: RefusalReason[] = [];

  onRequest(tx: ServerTransaction<string>): void {
    this.requests.push(tx);
  }
  onCancel(cancel: ServerTransaction<string>, invite: ServerTransaction<string> | null): void {
    this.cancels.push([cancel, invite]);
  }
  onAckWithoutTransaction(ack: SipRequest): void {
    this.acks.push(ack);
  }
  onServerEvent(_tx: ServerTransaction<string>, event: ServerTransactionEvent): void {
    this.serverEvents.push(event);
  }
  onStrayResponse(response: SipResponse): void {
    this.strays.push(response);
  }
  onRefused(_request: SipRequest, _origin: string, reason: RefusalReason): void {
    this.refused.push(reason);
  }
}

const T1 = 100;
const flush = () => new Promise((resolve) => setImmediate(resolve));

function setup(maxTransactions = 100) {
  const clock = new FakeClock();
  const transport = new RecordingTransport();
  const user = new RecordingUser();
  const layer = new TransactionLayer<string, string>({
    transport,
    user,
    clock,
    maxTransactions,
    timerBase: { t1Ms: T1, t2Ms: 800, t4Ms: 1_000 },
  });
  return { clock, transport, user, layer };
}

function serverTx(user: RecordingUser): ServerTransaction<string> {
  const tx = user.requests.at(-1);
  if (!tx) throw new Error('no server transaction reached the TU');
  return tx;
}

describe('TransactionLayer: INVITE server transactions', () => {
  const invite = buildRequest({ method: 'INVITE', branch: 'z9hG4bK-inv' });

  it('MUST send 100 Trying at once and hand the new transaction to the TU (§17.2.1)', () => {
    const { layer, transport, user } = setup();
    expect(layer.receiveRequest(invite, 'peer-a', false)).toBe('newTransaction');
    expect(transport.sent).toEqual([
      { kind: 'response', response: expect.objectContaining({ status: 100 }), to: 'peer-a' },
    ]);
    expect(user.requests.map((tx) => tx.request)).toEqual([invite]);
    expect(layer.size()).toBe(1);
    expect(layer.activeCount()).toBe(1);
  });

  it('MUST absorb INVITE retransmissions and resend the last provisional response (§17.2.1)', () => {
    const { layer, transport, user } = setup();
    layer.receiveRequest(invite, 'peer-a', false);
    layer.sendResponse(serverTx(user), buildResponse(invite, 180));
    expect(layer.receiveRequest(invite, 'peer-a', false)).toBe('retransmission');
    expect(transport.statuses()).toEqual([100, 180, 180]);
    expect(user.requests).toHaveLength(1);
  });

  it('MUST retransmit a non-2xx final on Timer G until the ACK, then absorb ACKs and terminate on Timer I (§17.2.1)', () => {
    const { layer, transport, user, clock } = setup();
    layer.receiveRequest(invite, 'peer-a', false);
    layer.sendResponse(serverTx(user), buildResponse(invite, 486));
    clock.advance(T1 + 2 * T1);
    expect(transport.statuses()).toEqual([100, 486, 486, 486]);
    const ack = buildRequest({ method: 'ACK', branch: 'z9hG4bK-inv', toTag: 'to-1' });
    expect(layer.receiveRequest(ack, 'peer-a', false)).toBe('ackAbsorbed');
    expect(layer.receiveRequest(ack, 'peer-a', false)).toBe('ackAbsorbed');
    clock.advance(1_000 - 1);
    expect(transport.statuses()).toHaveLength(4);
    expect(layer.size()).toBe(1);
    clock.advance(1);
    expect(layer.size()).toBe(0);
    expect(user.acks).toEqual([]);
  });

  it('MUST indicate a transaction failure to the TU when Timer H fires without an ACK (§17.2.1)', () => {
    const { layer, user, clock } = setup();
    layer.receiveRequest(invite, 'peer-a', true);
    layer.sendResponse(serverTx(user), buildResponse(invite, 486));
    clock.advance(64 * T1);
    expect(user.serverEvents).toEqual([{ kind: 'timeout', timer: 'H' }]);
    expect(layer.size()).toBe(0);
    expect(clock.pendingCount()).toBe(0);
  });

  it('MUST hand the ACK for a 2xx to the TU as "no transaction" and keep Accepted until Timer L (RFC 6026 §7.1)', () => {
    const { layer, transport, user, clock } = setup();
    layer.receiveRequest(invite, 'peer-a', false);
    const ok = buildResponse(invite, 200);
    layer.sendResponse(serverTx(user), ok);
    expect(layer.sendResponse(serverTx(user), ok)).toEqual({ ok: true });
    expect(layer.receiveRequest(invite, 'peer-a', false)).toBe('retransmission');
    expect(transport.statuses()).toEqual([100, 200, 200]);
    const ackFor2xx = buildRequest({ method: 'ACK', branch: 'z9hG4bK-new', toTag: 'to-1' });
    expect(layer.receiveRequest(ackFor2xx, 'peer-a', false)).toBe('ackWithoutTransaction');
    expect(user.acks).toEqual([ackFor2xx]);
    const sameBranchAck = buildRequest({ method: 'ACK', branch: 'z9hG4bK-inv', toTag: 'to-1' });
    expect(layer.receiveRequest(sameBranchAck, 'peer-a', false)).toBe('ackPassedToTransactionUser');
    expect(user.serverEvents).toEqual([{ kind: 'ack', ack: sameBranchAck }]);
    expect(layer.activeCount()).toBe(0);
    clock.advance(64 * T1);
    expect(layer.size()).toBe(0);
    expect(layer.sendResponse(serverTx(user), ok)).toEqual({
      ok: false,
      error: 'server transaction has terminated',
    });
  });

  it('MUST match an RFC 2543 ACK by the To tag of the response sent (§17.2.3)', () => {
    const { layer, user } = setup();
    const old = buildRequest({ method: 'INVITE', branch: null });
    layer.receiveRequest(old, 'peer-a', false);
    layer.sendResponse(serverTx(user), buildResponse(old, 404, 'uas-tag'));
    const wrongTag = buildRequest({ method: 'ACK', branch: null, toTag: 'other' });
    expect(layer.receiveRequest(wrongTag, 'peer-a', false)).toBe('ackWithoutTransaction');
    const ack = buildRequest({ method: 'ACK', branch: null, toTag: 'uas-tag' });
    expect(layer.receiveRequest(ack, 'peer-a', false)).toBe('ackAbsorbed');
  });

  it('MUST keep same-branch requests from different sent-by values in separate transactions (§17.2.3)', () => {
    const { layer, user } = setup();
    layer.receiveRequest(invite, 'peer-a', false);
    const other = buildRequest({ method: 'INVITE', branch: 'z9hG4bK-inv', viaHost: '198.51.100.7' });
    expect(layer.receiveRequest(other, 'peer-b', false)).toBe('newTransaction');
    expect(user.requests).toHaveLength(2);
  });

  it('MUST inform the TU when sending a response fails (§17.2.4)', async () => {
    const { layer, transport, user } = setup();
    transport.failWith = 'ECONNRESET';
    layer.receiveRequest(invite, 'peer-a', true);
    await flush();
    expect(user.serverEvents).toEqual([{ kind: 'transportError', error: 'ECONNRESET' }]);
    expect(layer.size()).toBe(0);
  });
});

describe('TransactionLayer: CANCEL and non-INVITE server transactions', () => {
  const invite = buildRequest({ method: 'INVITE', branch: 'z9hG4bK-inv' });
  const cancel = buildRequest({ method: 'CANCEL', branch: 'z9hG4bK-inv' });

  it('MUST give a CANCEL its own transaction and find the INVITE it cancels (§9.2)', () => {
    const { layer, user } = setup();
    layer.receiveRequest(invite, 'peer-a', false);
    expect(layer.receiveRequest(cancel, 'peer-a', false)).toBe('cancel');
    const [pair] = user.cancels;
    expect(pair?.[0].request).toBe(cancel);
    expect(pair?.[1]).toBe(serverTx(user));
    expect(layer.size()).toBe(2);
  });

  it('MUST report a CANCEL without a matching INVITE so the TU answers 481 (§9.2)', () => {
    const { layer, user } = setup();
    expect(layer.receiveRequest(cancel, 'peer-a', false)).toBe('cancel');
    expect(user.cancels[0]?.[1]).toBeNull();
  });

  it('MUST resend the final response for non-INVITE retransmissions and terminate on Timer J (§17.2.2)', () => {
    const { layer, transport, user, clock } = setup();
    const register = buildRequest({ method: 'REGISTER', branch: 'z9hG4bK-reg' });
    layer.receiveRequest(register, 'peer-a', false);
    expect(transport.sent).toEqual([]);
    expect(layer.receiveRequest(register, 'peer-a', false)).toBe('retransmission');
    layer.sendResponse(serverTx(user), buildResponse(register, 200));
    layer.receiveRequest(register, 'peer-a', false);
    expect(transport.statuses()).toEqual([200, 200]);
    clock.advance(64 * T1);
    expect(layer.size()).toBe(0);
  });

  it('MUST terminate at once after the final response on a reliable transport (§17.2.2)', async () => {
    const { layer, user, transport } = setup();
    layer.receiveRequest(buildRequest({ method: 'OPTIONS' }), 'peer-a', true);
    transport.failWith = 'EPIPE';
    layer.sendResponse(serverTx(user), buildResponse(serverTx(user).request, 200));
    expect(layer.size()).toBe(0);
    // The send fails after the transaction is gone: nobody is left to tell.
    await flush();
    expect(user.serverEvents).toEqual([]);
  });
});

describe('TransactionLayer: limits and graceful shutdown', () => {
  it('refuses new server transactions over maxTransactions so the TU answers 503', () => {
    const { layer, user } = setup(1);
    layer.receiveRequest(buildRequest({ method: 'INVITE', branch: 'z9hG4bK-1' }), 'peer-a', false);
    expect(
      layer.receiveRequest(buildRequest({ method: 'INVITE', branch: 'z9hG4bK-2' }), 'peer-a', false),
    ).toBe('refused');
    expect(user.refused).toEqual(['overload']);
    // A CANCEL for a live INVITE still gets through: it sheds load.
    expect(
      layer.receiveRequest(buildRequest({ method: 'CANCEL', branch: 'z9hG4bK-1' }), 'peer-a', false),
    ).toBe('cancel');
  });

  it('drain() refuses new work and resolves once every transaction has terminated', async () => {
    const { layer, user, clock } = setup();
    await layer.drain();
    const second = setup();
    second.layer.receiveRequest(buildRequest({ method: 'OPTIONS' }), 'peer-a', false);
    let drained = false;
    const done = second.layer.drain().then(() => {
      drained = true;
    });
    expect(
      second.layer.receiveRequest(buildRequest({ method: 'OPTIONS', branch: 'z9hG4bK-9' }), 'peer-a', false),
    ).toBe('refused');
    expect(second.user.refused).toEqual(['draining']);
    second.layer.sendResponse(serverTx(second.user), buildResponse(serverTx(second.user).request, 200));
    await flush();
    expect(drained).toBe(false);
    second.clock.advance(64 * T1);
    await done;
    expect(drained).toBe(true);
    expect(user.refused).toEqual([]);
    expect(clock.pendingCount()).toBe(0);
  });

  it('sends stateless responses and requests through the port', async () => {
    const { layer, transport } = setup();
    const request = buildRequest({ method: 'ACK', branch: 'z9hG4bK-x' });
    await expect(layer.sendResponseStateless(buildResponse(request, 503), 'peer-a')).resolves.toEqual({
      ok: true,
    });
    transport.throwWith = new Error('socket closed');
    await expect(layer.sendRequestStateless(request, 'next-hop')).resolves.toEqual({
      ok: false,
      error: 'socket closed',
    });
    expect(transport.sent.map((s) => s.to)).toEqual(['peer-a', 'next-hop']);
  });
});

describe('TransactionLayer: client transactions', () => {
  const invite = buildRequest({
    method: 'INVITE',
    branch: 'z9hG4bK-out',
    routes: ['<sip:edge.example.com;lr>'],
  });

  function startInvite(reliable = false) {
    const env = setup();
    const events: ClientTransactionEvent[] = [];
    const started = env.layer.startClientTransaction(invite, 'callee', reliable, (e) => events.push(e));
    return { ...env, events, started };
  }

  it('MUST retransmit the INVITE at Timer A intervals doubling until a provisional response (§17.1.1.2)', () => {
    const { clock, transport, layer, events, started } = startInvite();
    expect(started.ok).toBe(true);
    clock.advance(T1 + 2 * T1 + 4 * T1);
    expect(transport.methods()).toEqual(['INVITE', 'INVITE', 'INVITE', 'INVITE']);
    expect(layer.receiveResponse(buildResponse(invite, 180))).toBe('matched');
    clock.advance(20 * T1);
    expect(transport.methods()).toHaveLength(4);
    expect(events.map((e) => e.kind)).toEqual(['provisional']);
  });

  it('MUST ACK a non-2xx final, re-ACK its retransmissions and terminate on Timer D (§17.1.1.2, §17.1.1.3)', () => {
    const { clock, transport, layer, events } = startInvite();
    const busy = buildResponse(invite, 486);
    layer.receiveResponse(busy);
    layer.receiveResponse(busy);
    expect(transport.methods()).toEqual(['INVITE', 'ACK', 'ACK']);
    expect(transport.sent.at(-1)?.to).toBe('callee');
    expect(events).toEqual([{ kind: 'final', response: busy }]);
    clock.advance(64 * T1);
    expect(layer.size()).toBe(0);
    expect(layer.receiveResponse(busy)).toBe('stray');
  });

  it('MUST pass 2xx retransmissions to the TU in Accepted until Timer M (RFC 6026 §8.4)', () => {
    const { clock, layer, events, user } = startInvite(true);
    const ok = buildResponse(invite, 200);
    layer.receiveResponse(ok);
    layer.receiveResponse(ok);
    expect(events.map((e) => e.kind)).toEqual(['final', 'final']);
    clock.advance(64 * T1);
    expect(layer.receiveResponse(ok)).toBe('stray');
    expect(user.strays).toEqual([ok]);
  });

  it('SHOULD report a timeout when Timer B fires, for the TU to map to 408 (§17.1.1.2, §8.1.3.1)', () => {
    const { clock, layer, events } = startInvite(true);
    clock.advance(64 * T1);
    expect(events).toEqual([{ kind: 'timeout', timer: 'B' }]);
    expect(layer.size()).toBe(0);
  });

  it('SHOULD report a timeout when Timer F fires on a non-INVITE (§17.1.2.2)', () => {
    const { layer, clock, transport } = setup();
    const events: ClientTransactionEvent[] = [];
    layer.startClientTransaction(
      buildRequest({ method: 'OPTIONS', branch: 'z9hG4bK-o' }),
      'callee',
      false,
      (e) => events.push(e),
    );
    clock.advance(64 * T1);
    expect(events).toEqual([{ kind: 'timeout', timer: 'F' }]);
    // E doubles from T1 up to T2 (800 ms): 100, 200, 400, then every 800 until F at 6 400 ms.
    expect(transport.methods()).toHaveLength(1 + 3 + 7);
  });

  it('MUST report a transport failure for the TU to map to 503 (§17.1.4, §8.1.3.1)', async () => {
    const { layer, transport } = setup();
    transport.failWith = 'ECONNREFUSED';
    const events: ClientTransactionEvent[] = [];
    layer.startClientTransaction(invite, 'callee', true, (e) => events.push(e));
    await flush();
    expect(events).toEqual([{ kind: 'transportError', error: 'ECONNREFUSED' }]);
    expect(layer.size()).toBe(0);
  });

  it('hands unmatched responses (and responses without a branch) to the TU as stray (§16.7)', () => {
    const { layer, user } = setup();
    const stray = buildResponse(buildRequest({ branch: 'z9hG4bK-none' }), 200);
    const noBranch = buildResponse(buildRequest({ branch: null }), 200);
    expect(layer.receiveResponse(stray)).toBe('stray');
    expect(layer.receiveResponse(noBranch)).toBe('stray');
    expect(user.strays).toEqual([stray, noBranch]);
  });

  it('refuses ACK, branches without the cookie and duplicate keys', () => {
    const { layer } = startInvite();
    const noop = () => undefined;
    expect(layer.startClientTransaction(invite, 'callee', false, noop)).toEqual({
      ok: false,
      error: 'client transaction z9hG4bK-out|INVITE already exists',
    });
    expect(layer.startClientTransaction(buildRequest({ method: 'ACK' }), 'callee', false, noop).ok).toBe(
      false,
    );
    expect(layer.startClientTransaction(buildRequest({ branch: '123' }), 'callee', false, noop).ok).toBe(
      false,
    );
  });
});
