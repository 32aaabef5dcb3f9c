import { createResponse } from '../message/create-response.js';
import { makeVia, setParam, withReplacedTopVia } from '../message/index.js';
import type { SipRequest, SipResponse } from '../message/types.js';
import type { Clock, TimerHandle } from '../transaction/clock.js';
import type { StartResult } from '../transaction/transaction-layer.js';
import type {
  ClientTransaction,
  ClientTransactionEvent,
  ClientTransactionListener,
} from '../transaction/transaction-user.js';
import type { SendTarget } from '../transport/transport.js';
import { answerChallenge, type ClientCredentials } from './answer-challenge.js';
import { buildCancel, COMPLETED_ELSEWHERE } from './build-cancel.js';
import type { DialEnd } from './dial-outcome.js';
import { REJECTIONS, type RejectionCode } from './rejections.js';
import { aggregateChallenges, selectBestResponse } from './select-best-response.js';
import { upstreamResponse } from './upstream-response.js';

/** One branch to start: the forwarded request and where it goes, or why it cannot go anywhere. */
export type BranchSpec =
  | {
      readonly request: SipRequest;
      readonly send: SendTarget;
      /** Answer a 401/407 from the far end once (RFC 3261 §22.2). */
      readonly credentials?: ClientCredentials;
      /** RFC 3263 §4.3: the target's further servers, each with its own request, tried in turn. */
      readonly alternates?: ReadonlyArray<{ readonly request: SipRequest; readonly send: SendTarget }>;
    }
  | { readonly unreachable: RejectionCode };

/** The branch that answered, for the dialog that follows. */
export interface AnsweredBranch {
  /** The INVITE as this gateway sent it (after any challenge was answered). */
  readonly request: SipRequest;
  readonly send: SendTarget;
}

/** How a fork ended without an answer: why, and the best response (RFC 3261 §16.7 steps 6–7). */
export interface UnansweredFork {
  readonly end: DialEnd;
  readonly best: SipResponse | null;
}

export interface ForkListener {
  /** A 101–199 to forward to the caller (RFC 3261 §16.7 step 5). */
  provisional(response: SipResponse): void;
  /** Every 2xx, to forward to the caller (RFC 6026 §4); `first` for the one that wins. */
  answered(response: SipResponse, branch: AnsweredBranch, first: boolean): void;
  /** No branch answered; the caller still needs a final response unless it cancelled. */
  ended(result: UnansweredFork): void;
  /** Nothing is pending any more: the session may be forgotten. */
  disposed(): void;
}

export interface ForkSessionOptions {
  /** The request as received (after §16.4), to which the caller's responses belong. */
  readonly request: SipRequest;
  readonly transactions: {
    startClientTransaction(
      request: SipRequest,
      destination: SendTarget,
      reliable: boolean,
      listener: ClientTransactionListener,
    ): StartResult<SendTarget>;
    abandonClientTransaction(transaction: ClientTransaction<SendTarget>): void;
  };
  readonly clock: Clock;
  /** RFC 3261 §16.8 Timer C: "MUST be set for each client transaction ... greater than 3 minutes". */
  readonly timerCMs: number;
  /** How long branches still pending a CANCEL are kept after the fork was decided. */
  readonly lingerMs: number;
  /** A new Via branch for a re-sent request (RFC 3261 §16.6 step 8). */
  readonly newBranch: () => string;
  /** Random hex for To tags of synthesized responses and digest cnonces. */
  readonly randomToken: () => string;
  readonly listener: ForkListener;
}

interface Branch {
  request: SipRequest;
  /** Null for a branch that could not be sent anywhere. */
  send: SendTarget | null;
  readonly credentials: ClientCredentials | undefined;
  /** Servers not tried yet (RFC 3263 §4.3). */
  readonly alternates: Array<{ readonly request: SipRequest; readonly send: SendTarget }>;
  retried: boolean;
  provisional: boolean;
  /** The final response in the caller's form, once there is one. */
  final: SipResponse | null;
  /** Undefined until the branch is to be cancelled; then the Reason value (or null). */
  cancelReason: string | null | undefined;
  cancelSent: boolean;
  timerC: TimerHandle | null;
  /** The client transaction of the current attempt. */
  transaction: ClientTransaction<SendTarget> | null;
}

type Phase = 'idle' | 'delaying' | 'ringing' | 'answered' | 'ended' | 'disposed';

/**
 * The stateful part of the forking proxy (RFC 3261 §16.6–§16.10): one response context per caller
 * INVITE, its branches rung in parallel as client transactions, Timer C per branch, the dial
 * timeout, CANCEL of the losing branches, and the choice of the best response.
 */
export class ForkSession {
  readonly #options: ForkSessionOptions;
  readonly #branches: Branch[] = [];
  #phase: Phase = 'idle';
  #timer: TimerHandle | null = null;

  constructor(options: ForkSessionOptions) {
    this.#options = options;
  }

  /** True while the caller may still get a provisional or final response from this fork. */
  get ringing(): boolean {
    return this.#phase === 'delaying' || this.#phase === 'ringing';
  }

  /**
   * Rings every branch after `delayMs` (`<Pause>`); `timeoutMs` (`<Dial timeout>`) cancels what
   * has not answered by then. No branch: the fork ends at once.
   */
  start(branches: readonly BranchSpec[], delayMs: number, timeoutMs: number | null): void {
    if (this.#phase !== 'idle') return;
    if (branches.length === 0) {
      this.#end('no-targets');
      return;
    }
    const ring = () => {
      this.#phase = 'ringing';
      if (timeoutMs !== null) this.#timer = this.#options.clock.setTimer(timeoutMs, () => this.#timeout());
      for (const spec of branches) this.#launch(spec);
    };
    if (delayMs <= 0) {
      ring();
      return;
    }
    this.#phase = 'delaying';
    this.#timer = this.#options.clock.setTimer(delayMs, ring);
  }

  /** The caller's CANCEL (RFC 3261 §16.10): "generate CANCEL requests for all pending client transactions". */
  cancel(reason: string | null): void {
    // Before `start` (its targets still being located) the fork ends without ringing.
    if (!this.ringing && this.#phase !== 'idle') return;
    for (const branch of this.#branches) this.#cancelBranch(branch, reason);
    this.#end('caller-cancel');
  }

  #launch(spec: BranchSpec): void {
    if ('unreachable' in spec) {
      this.#synthesize(this.#newBranch(this.#options.request, null, undefined), spec.unreachable);
      return;
    }
    const branch = this.#newBranch(spec.request, spec.send, spec.credentials, spec.alternates);
    this.#send(branch, spec.send);
  }

  #newBranch(
    request: SipRequest,
    send: SendTarget | null,
    credentials: ClientCredentials | undefined,
    alternates: Readonly<Branch['alternates']> = [],
  ): Branch {
    const branch: Branch = {
      request,
      send,
      credentials,
      alternates: [...alternates],
      retried: false,
      provisional: false,
      final: null,
      cancelReason: undefined,
      cancelSent: false,
      timerC: null,
      transaction: null,
    };
    this.#branches.push(branch);
    return branch;
  }

  #send(branch: Branch, send: SendTarget): void {
    const reliable = send.protocol !== 'udp';
    const request = branch.request;
    const started = this.#options.transactions.startClientTransaction(request, send, reliable, (event) =>
      this.#onEvent(branch, request, event),
    );
    if (!started.ok) {
      if (!this.#failOver(branch)) this.#synthesize(branch, 'branchUnreachable');
      return;
    }
    branch.transaction = started.value;
    this.#armTimerC(branch);
  }

  #onEvent(branch: Branch, attempt: SipRequest, event: ClientTransactionEvent): void {
    if (attempt !== branch.request) {
      // A 2xx to an earlier attempt still creates a dialog (RFC 6026 §4); anything else is stale.
      if (event.kind === 'final' && event.response.status < 300) this.#onAnswer(branch, event.response);
      return;
    }
    switch (event.kind) {
      case 'provisional':
        this.#onProvisional(branch, event.response);
        break;
      case 'final':
        if (event.response.status < 300) this.#onAnswer(branch, event.response);
        else this.#onFailure(branch, event.response);
        break;
      case 'timeout':
        // RFC 3261 §16.8 / §8.1.3.1: a timeout acts as a 408.
        if (!this.#failOver(branch)) this.#synthesize(branch, 'branchTimedOut');
        break;
      case 'transportError':
        // RFC 3261 §16.8 / §8.1.3.1: a transport error acts as a 503.
        if (!this.#failOver(branch)) this.#synthesize(branch, 'branchUnreachable');
        break;
    }
  }

  #onProvisional(branch: Branch, response: SipResponse): void {
    branch.provisional = true;
    // RFC 3261 §16.7 step 2: "For a provisional response ... the proxy MUST reset timer C".
    this.#armTimerC(branch);
    // RFC 3261 §9.1: a CANCEL waits until the branch has sent a provisional response.
    if (branch.cancelReason !== undefined) this.#sendCancel(branch);
    // §16.7 step 5: "the proxy MUST NOT forward a 100 (Trying) response"; other 1xx go upstream.
    if (response.status === 100 || this.#phase !== 'ringing' || branch.cancelReason !== undefined) return;
    const upstream = upstreamResponse(response, this.#options.request, branch.request);
    if (upstream !== null) this.#options.listener.provisional(upstream);
  }

  #onAnswer(branch: Branch, response: SipResponse): void {
    this.#stopTimerC(branch);
    if (branch.send === null) return;
    const upstream = upstreamResponse(response, this.#options.request, branch.request);
    if (upstream === null) return;
    const first = this.#phase === 'ringing' || this.#phase === 'delaying';
    if (first) {
      branch.final = upstream;
      this.#phase = 'answered';
      this.#clearTimer();
      // RFC 3261 §16.7 step 10: "the proxy MUST cancel all client transactions ... ", with RFC 3326 Reason.
      for (const other of this.#branches)
        if (other !== branch) this.#cancelBranch(other, COMPLETED_ELSEWHERE);
    }
    // RFC 6026 §4 / RFC 3261 §16.7 step 5: every 2xx is forwarded, the first and any later one.
    this.#options.listener.answered(upstream, { request: branch.request, send: branch.send }, first);
    this.#disposeWhenSettled();
  }

  #onFailure(branch: Branch, response: SipResponse): void {
    const challenged = response.status === 401 || response.status === 407;
    if (challenged && branch.credentials !== undefined && !branch.retried && this.#phase === 'ringing') {
      if (this.#retryWithCredentials(branch, response, branch.credentials)) return;
    }
    if (response.status === 503 && this.#failOver(branch)) return;
    const upstream = upstreamResponse(response, this.#options.request, branch.request);
    this.#settle(branch, upstream ?? response);
  }

  /** RFC 3261 §22.2: the challenge is answered once, on a new client transaction. */
  #retryWithCredentials(branch: Branch, response: SipResponse, credentials: ClientCredentials): boolean {
    const answered = answerChallenge(branch.request, response, credentials, this.#options.randomToken());
    if (!answered.ok) return false;
    const via = branch.request.base.via[0];
    const renewed = makeVia({ ...via, params: setParam(via.params, 'branch', this.#options.newBranch()) });
    if (!renewed.ok) return false;
    branch.request = withReplacedTopVia(answered.value, renewed.value);
    branch.retried = true;
    branch.provisional = false;
    if (branch.send !== null) this.#send(branch, branch.send);
    return true;
  }

  /**
   * RFC 3263 §4.3: after a transport error, a timeout without any response, or a 503, "the client
   * SHOULD create a new request ... identical to the previous, but [with] a different value of the
   * Via branch ID" for the next server. False when there is none or the branch is being cancelled.
   */
  #failOver(branch: Branch): boolean {
    if (this.#phase !== 'ringing' || branch.cancelReason !== undefined) return false;
    const next = branch.alternates.shift();
    if (next === undefined) return false;
    branch.request = next.request;
    branch.send = next.send;
    branch.retried = false;
    branch.provisional = false;
    this.#send(branch, next.send);
    return true;
  }

  #synthesize(branch: Branch, code: RejectionCode): void {
    const { status, reason } = REJECTIONS[code];
    const toTag = this.#options.randomToken();
    this.#settle(branch, createResponse(this.#options.request, status, reason, { toTag }));
  }

  /** A branch's final non-2xx (RFC 3261 §16.7 steps 5–6). */
  #settle(branch: Branch, final: SipResponse): void {
    if (branch.final !== null) return;
    branch.final = final;
    this.#stopTimerC(branch);
    if (this.#phase === 'ringing') {
      if (final.status >= 600) {
        // RFC 3261 §16.7 step 5: "If a 6xx response is received, it is not immediately forwarded, but the
        // stateful proxy SHOULD cancel all client pending transactions".
        for (const other of this.#branches) this.#cancelBranch(other, null);
        this.#end('branches-done');
        return;
      }
      if (this.#branches.every((b) => b.final !== null)) this.#end('branches-done');
      return;
    }
    this.#disposeWhenSettled();
  }

  #cancelBranch(branch: Branch, reason: string | null): void {
    if (branch.final !== null || branch.cancelReason !== undefined) return;
    branch.cancelReason = reason;
    if (branch.provisional) this.#sendCancel(branch);
  }

  #sendCancel(branch: Branch): void {
    const { send } = branch;
    if (branch.cancelSent || branch.final !== null || send === null) return;
    branch.cancelSent = true;
    const cancel = buildCancel(branch.request, branch.cancelReason ?? null);
    this.#options.transactions.startClientTransaction(cancel, send, send.protocol !== 'udp', () => {});
  }

  #timeout(): void {
    this.#timer = null;
    if (this.#phase !== 'ringing') return;
    for (const branch of this.#branches) this.#cancelBranch(branch, null);
    this.#end('timeout');
  }

  #armTimerC(branch: Branch): void {
    this.#stopTimerC(branch);
    branch.timerC = this.#options.clock.setTimer(this.#options.timerCMs, () => {
      branch.timerC = null;
      // RFC 3261 §16.8: with a provisional response, CANCEL the branch; without one, act as if it got 408.
      if (branch.provisional) {
        this.#cancelBranch(branch, null);
      } else {
        this.#synthesize(branch, 'branchTimedOut');
      }
    });
  }

  #stopTimerC(branch: Branch): void {
    if (branch.timerC !== null) this.#options.clock.clearTimer(branch.timerC);
    branch.timerC = null;
  }

  #end(end: DialEnd): void {
    this.#phase = 'ended';
    this.#clearTimer();
    const finals = this.#branches.flatMap((b) => (b.final === null ? [] : [b.final]));
    const best = selectBestResponse(finals);
    this.#options.listener.ended({ end, best: best === null ? null : aggregateChallenges(best, finals) });
    this.#disposeWhenSettled();
  }

  /** Once decided, the session lives until its branches settle or the linger time passes. */
  #disposeWhenSettled(): void {
    if (this.#phase !== 'answered' && this.#phase !== 'ended') return;
    const pending = this.#branches.some((b) => b.final === null);
    if (!pending) {
      this.#dispose();
      return;
    }
    if (this.#timer === null)
      this.#timer = this.#options.clock.setTimer(this.#options.lingerMs, () => this.#dispose());
  }

  /** RFC 3261 §9.1: a branch still without a final response after the linger time is given up. */
  #dispose(): void {
    if (this.#phase === 'disposed') return;
    this.#clearTimer();
    for (const branch of this.#branches) {
      this.#stopTimerC(branch);
      if (branch.final === null && branch.transaction !== null) {
        this.#options.transactions.abandonClientTransaction(branch.transaction);
      }
    }
    this.#phase = 'disposed';
    this.#options.listener.disposed();
  }

  #clearTimer(): void {
    if (this.#timer !== null) this.#options.clock.clearTimer(this.#timer);
    this.#timer = null;
  }
}
