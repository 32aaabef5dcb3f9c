/**
 * The transaction layer driver (RFC 3261 §17): owns the transaction table, matches messages to
 * transactions by key, runs the pure state machines and performs their effects through the
 * injected clock and send port.
 */
import {
  deriveTimers,
  RFC_TIMER_BASE,
  type TimerBase,
  type TransactionTimers,
} from '#sip/config/rfc-timers.js';
import type { SipRequest, SipResponse } from '#sip/message/types.js';
import type { Clock, TimerHandle } from './clock.js';
import { type IctState, startIct, stepIct } from './invite-client.js';
import { type IstState, startIst, stepIst } from './invite-server.js';
import {
  ackLookupKeys,
  ackMatchesResponse,
  clientKey,
  clientKeyOfResponse,
  hasMagicCookie,
  serverKey,
} from './keys.js';
import { type NictState, startNict, stepNict } from './non-invite-client.js';
import { type NistState, startNist, stepNist } from './non-invite-server.js';
import type {
  ClientContext,
  ClientEffect,
  ClientEvent,
  ServerContext,
  ServerEffect,
  ServerEvent,
  SharedEvent,
  TimerEffect,
  TimerName,
} from './step.js';
import type { SendOutcome, TransactionTransport } from './transaction-transport.js';
import type {
  ClientTransaction,
  ClientTransactionListener,
  ServerTransaction,
  TransactionUser,
} from './transaction-user.js';

export interface TransactionLayerOptions<TOrigin, TDest> {
  readonly transport: TransactionTransport<TOrigin, TDest>;
  readonly user: TransactionUser<TOrigin>;
  readonly clock: Clock;
  /** Live transactions (server + client) above which new server transactions are refused. */
  readonly maxTransactions: number;
  /** T1, T2, T4; defaults to RFC 3261 Table 4. */
  readonly timerBase?: TimerBase;
}

/** What `receiveRequest` did with a request. */
export type RequestDisposition =
  | 'retransmission'
  | 'ackAbsorbed'
  | 'ackPassedToTransactionUser'
  | 'ackWithoutTransaction'
  | 'newTransaction'
  | 'cancel'
  | 'refused';

export type StartResult<TDest> =
  | { readonly ok: true; readonly value: ClientTransaction<TDest> }
  | { readonly ok: false; readonly error: string };

type ServerMachine = { readonly kind: 'ist'; state: IstState } | { readonly kind: 'nist'; state: NistState };
type ClientMachine = { readonly kind: 'ict'; state: IctState } | { readonly kind: 'nict'; state: NictState };

interface Entry {
  readonly timers: Map<TimerName, TimerHandle>;
  readonly values: TransactionTimers;
  live: boolean;
}

interface ServerEntry<TOrigin> extends Entry {
  readonly handle: ServerTransaction<TOrigin>;
  machine: ServerMachine;
  lastResponse: SipResponse | null;
}

interface ClientEntry<TDest> extends Entry {
  readonly handle: ClientTransaction<TDest>;
  readonly listener: ClientTransactionListener;
  machine: ClientMachine;
}

const ACTIVE_STATES: ReadonlySet<string> = new Set(['calling', 'trying', 'proceeding']);

export class TransactionLayer<TOrigin, TDest> {
  readonly #servers = new Map<string, ServerEntry<TOrigin>>();
  readonly #clients = new Map<string, ClientEntry<TDest>>();
  readonly #options: TransactionLayerOptions<TOrigin, TDest>;
  /** Every transaction's timers, derived once per transport kind (RFC 3261 Table 4). */
  readonly #timers: { readonly reliable: TransactionTimers; readonly unreliable: TransactionTimers };
  #drainWaiters: (() => void)[] | null = null;

  constructor(options: TransactionLayerOptions<TOrigin, TDest>) {
    this.#options = options;
    const base = options.timerBase ?? RFC_TIMER_BASE;
    this.#timers = { reliable: deriveTimers(base, true), unreliable: deriveTimers(base, false) };
  }

  /** Live transactions, server and client. */
  size(): number {
    return this.#servers.size + this.#clients.size;
  }

  /** Transactions still waiting for a final response (Calling, Trying, Proceeding). */
  activeCount(): number {
    let count = 0;
    for (const entry of [...this.#servers.values(), ...this.#clients.values()]) {
      if (ACTIVE_STATES.has(entry.machine.state)) count++;
    }
    return count;
  }

  /** Refuses new server transactions from now on; resolves once every transaction has terminated. */
  drain(): Promise<void> {
    this.#drainWaiters ??= [];
    const waiters = this.#drainWaiters;
    return new Promise((resolve) => {
      waiters.push(resolve);
      this.#resolveDrainIfEmpty();
    });
  }

  /** A request from the transport (RFC 3261 §17.2.3 matching, then §17.2.1 / §17.2.2 machines). */
  receiveRequest(request: SipRequest, origin: TOrigin, reliable: boolean): RequestDisposition {
    const { user } = this.#options;
    if (request.method === 'ACK') {
      for (const key of ackLookupKeys(request)) {
        const entry = this.#servers.get(key);
        if (entry && ackMatchesResponse(request, entry.lastResponse)) {
          const accepted = entry.machine.state === 'accepted';
          this.#stepServer(entry, { kind: 'request', request });
          return accepted ? 'ackPassedToTransactionUser' : 'ackAbsorbed';
        }
      }
      user.onAckWithoutTransaction(request, origin);
      return 'ackWithoutTransaction';
    }
    const key = serverKey(request);
    const existing = this.#servers.get(key);
    if (existing) {
      this.#stepServer(existing, { kind: 'request', request });
      return 'retransmission';
    }
    // RFC 3261 §9.2: a CANCEL is matched to its INVITE like an ACK is, "except the method".
    const invite = request.method === 'CANCEL' ? this.#servers.get(serverKey(request, 'INVITE')) : undefined;
    const refusal = this.#refusal();
    if (refusal !== null && invite === undefined) {
      user.onRefused(request, origin, refusal);
      return 'refused';
    }
    const entry = this.#createServer(key, request, origin, reliable);
    if (request.method === 'CANCEL') {
      user.onCancel(entry.handle, invite?.handle ?? null);
      return 'cancel';
    }
    user.onRequest(entry.handle);
    return 'newTransaction';
  }

  /** A response from the transport (RFC 3261 §17.1.3 matching); unmatched ones go to the TU. */
  receiveResponse(response: SipResponse): 'matched' | 'stray' {
    const key = clientKeyOfResponse(response);
    const entry = key === null ? undefined : this.#clients.get(key);
    if (!entry) {
      this.#options.user.onStrayResponse(response);
      return 'stray';
    }
    this.#stepClient(entry, { kind: 'response', response });
    return 'matched';
  }

  /** The TU answers a server transaction. Fails when the transaction has already terminated. */
  sendResponse(transaction: ServerTransaction<TOrigin>, response: SipResponse): SendOutcome {
    const entry = this.#servers.get(transaction.id);
    if (entry?.handle !== transaction) return { ok: false, error: 'server transaction has terminated' };
    this.#stepServer(entry, { kind: 'tuResponse', response });
    return { ok: true };
  }

  /** Sends a response outside any transaction (503 on refusal, proxied stray responses). */
  sendResponseStateless(response: SipResponse, origin: TOrigin): Promise<SendOutcome> {
    return settle(() => this.#options.transport.sendResponse(response, origin));
  }

  /** Sends a request outside any transaction (a proxied ACK for a 2xx, RFC 3261 §16.11). */
  sendRequestStateless(request: SipRequest, destination: TDest): Promise<SendOutcome> {
    return settle(() => this.#options.transport.sendRequest(request, destination));
  }

  /**
   * Starts an INVITE or non-INVITE client transaction (RFC 3261 §17.1). The request's top Via
   * must carry an RFC 3261 branch; ACK never gets a client transaction (§17.1).
   */
  startClientTransaction(
    request: SipRequest,
    destination: TDest,
    reliable: boolean,
    listener: ClientTransactionListener,
  ): StartResult<TDest> {
    if (request.method === 'ACK') return { ok: false, error: 'ACK has no client transaction' };
    if (!hasMagicCookie(request.base.via[0].branch)) {
      return { ok: false, error: 'top Via branch lacks the z9hG4bK cookie' };
    }
    const id = clientKey(request);
    if (this.#clients.has(id)) return { ok: false, error: `client transaction ${id} already exists` };
    const handle: ClientTransaction<TDest> = { id, request, destination, reliable };
    const values = reliable ? this.#timers.reliable : this.#timers.unreliable;
    const { machine, effects } = startClient({ request, reliable, timers: values });
    const entry: ClientEntry<TDest> = { handle, listener, machine, values, timers: new Map(), live: true };
    this.#clients.set(id, entry);
    this.#runClient(entry, effects);
    return { ok: true, value: handle };
  }

  /**
   * The TU gives up on a client transaction, e.g. an INVITE still without a final response 64*T1
   * after its CANCEL (RFC 3261 §9.1: the client "SHOULD destroy the client transaction"). It is
   * removed with its timers and reports nothing more; later responses are strays.
   */
  abandonClientTransaction(transaction: ClientTransaction<TDest>): void {
    const entry = this.#clients.get(transaction.id);
    if (entry?.handle !== transaction) return;
    this.#terminate(entry, () => this.#clients.delete(transaction.id));
  }

  #refusal(): 'overload' | 'draining' | null {
    if (this.#drainWaiters !== null) return 'draining';
    return this.size() >= this.#options.maxTransactions ? 'overload' : null;
  }

  #createServer(key: string, request: SipRequest, origin: TOrigin, reliable: boolean): ServerEntry<TOrigin> {
    const handle: ServerTransaction<TOrigin> = { id: key, request, origin, reliable };
    const values = reliable ? this.#timers.reliable : this.#timers.unreliable;
    const { machine, effects } = startServer({ request, reliable, timers: values, lastResponse: null });
    const entry: ServerEntry<TOrigin> = {
      handle,
      machine,
      values,
      lastResponse: null,
      timers: new Map(),
      live: true,
    };
    this.#servers.set(key, entry);
    this.#runServer(entry, effects);
    return entry;
  }

  #stepServer(entry: ServerEntry<TOrigin>, event: ServerEvent): void {
    const { request, reliable } = entry.handle;
    const ctx = { request, reliable, timers: entry.values, lastResponse: entry.lastResponse };
    const { machine } = entry;
    let effects: readonly ServerEffect[];
    if (machine.kind === 'ist') ({ state: machine.state, effects } = stepIst(machine.state, event, ctx));
    else ({ state: machine.state, effects } = stepNist(machine.state, event, ctx));
    this.#runServer(entry, effects);
  }

  #stepClient(entry: ClientEntry<TDest>, event: ClientEvent): void {
    const { request, reliable } = entry.handle;
    const ctx = { request, reliable, timers: entry.values };
    const { machine } = entry;
    let effects: readonly ClientEffect[];
    if (machine.kind === 'ict') ({ state: machine.state, effects } = stepIct(machine.state, event, ctx));
    else ({ state: machine.state, effects } = stepNict(machine.state, event, ctx));
    this.#runClient(entry, effects);
  }

  #runServer(entry: ServerEntry<TOrigin>, effects: readonly ServerEffect[]): void {
    const { user, transport } = this.#options;
    const { handle } = entry;
    for (const effect of effects) {
      switch (effect.kind) {
        case 'sendResponse':
          entry.lastResponse = effect.response;
          this.#send(
            entry,
            () => transport.sendResponse(effect.response, handle.origin),
            (e) => this.#stepServer(entry, e),
          );
          break;
        case 'passRequest':
          user.onServerEvent(handle, { kind: 'ack', ack: effect.request });
          break;
        case 'reportTimeout':
          user.onServerEvent(handle, { kind: 'timeout', timer: 'H' });
          break;
        case 'reportTransportError':
          user.onServerEvent(handle, { kind: 'transportError', error: effect.error });
          break;
        case 'terminate':
          this.#terminate(entry, () => this.#servers.delete(handle.id));
          break;
        default:
          this.#runTimerEffect(entry, effect, (e) => this.#stepServer(entry, e));
      }
    }
  }

  #runClient(entry: ClientEntry<TDest>, effects: readonly ClientEffect[]): void {
    const { transport } = this.#options;
    const { handle, listener } = entry;
    for (const effect of effects) {
      switch (effect.kind) {
        case 'sendRequest':
          this.#send(
            entry,
            () => transport.sendRequest(effect.request, handle.destination),
            (e) => this.#stepClient(entry, e),
          );
          break;
        case 'passResponse':
          listener({
            kind: effect.response.status < 200 ? 'provisional' : 'final',
            response: effect.response,
          });
          break;
        case 'reportTimeout':
          listener({ kind: 'timeout', timer: effect.timer });
          break;
        case 'reportTransportError':
          listener({ kind: 'transportError', error: effect.error });
          break;
        case 'terminate':
          this.#terminate(entry, () => this.#clients.delete(handle.id));
          break;
        default:
          this.#runTimerEffect(entry, effect, (e) => this.#stepClient(entry, e));
      }
    }
  }

  #runTimerEffect(entry: Entry, effect: TimerEffect, fire: (event: SharedEvent) => void): void {
    const { clock } = this.#options;
    const running = entry.timers.get(effect.timer);
    if (running !== undefined) clock.clearTimer(running);
    entry.timers.delete(effect.timer);
    if (effect.kind === 'stopTimer') return;
    const { timer, delayMs } = effect;
    const handle = clock.setTimer(delayMs, () => {
      entry.timers.delete(timer);
      fire({ kind: 'timer', timer, delayMs });
    });
    entry.timers.set(timer, handle);
  }

  /** Sends and, when the port reports failure, feeds a transport error back to the machine. */
  #send(entry: Entry, send: () => Promise<SendOutcome>, fail: (event: SharedEvent) => void): void {
    void settle(send).then((outcome) => {
      if (!outcome.ok && entry.live) fail({ kind: 'transportError', error: outcome.error });
    });
  }

  #terminate(entry: Entry, remove: () => void): void {
    entry.live = false;
    for (const handle of entry.timers.values()) this.#options.clock.clearTimer(handle);
    entry.timers.clear();
    remove();
    this.#resolveDrainIfEmpty();
  }

  #resolveDrainIfEmpty(): void {
    if (this.#drainWaiters === null || this.size() > 0) return;
    for (const resolve of this.#drainWaiters.splice(0)) resolve();
  }
}

function startClient(ctx: ClientContext): { machine: ClientMachine; effects: readonly ClientEffect[] } {
  if (ctx.request.method === 'INVITE') {
    const { state, effects } = startIct(ctx);
    return { machine: { kind: 'ict', state }, effects };
  }
  const { state, effects } = startNict(ctx);
  return { machine: { kind: 'nict', state }, effects };
}

function startServer(ctx: ServerContext): { machine: ServerMachine; effects: readonly ServerEffect[] } {
  if (ctx.request.method === 'INVITE') {
    const { state, effects } = startIst(ctx);
    return { machine: { kind: 'ist', state }, effects };
  }
  const { state, effects } = startNist();
  return { machine: { kind: 'nist', state }, effects };
}

/** The port promises a result; a rejection (a bug in the port) still becomes a failed send. */
async function settle(send: () => Promise<SendOutcome>): Promise<SendOutcome> {
  try {
    return await send();
  } catch (cause) {
    return { ok: false, error: cause instanceof Error ? cause.message : String(cause) };
  }
}
