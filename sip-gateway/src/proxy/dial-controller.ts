import type { Logger } from 'pino';
import type { GatewayConfig } from '../config/gateway-config.js';
import type { DialOutcome, HandlerResult, ProxyResult, RespondResult } from '../contract/handler-events.js';
import type { IHandlerInvoker } from '../invoke/handler-invoker.js';
import { newTag } from '../message/random-token.js';
import type { SipRequest, SipResponse } from '../message/types.js';
import type { ServerTransaction } from '../transaction/transaction-user.js';
import { type CallTimes, callProgressEvent } from './call-progress.js';
import { dialOutcome, unansweredDialStatus } from './dial-outcome.js';
import type { UnansweredFork } from './fork-session.js';
import type { Forwarder } from './forwarder.js';
import { REJECTIONS } from './rejections.js';
import type { RequestOrigin } from './request-origin.js';
import { forwardableFinal } from './select-best-response.js';

type Transaction = ServerTransaction<RequestOrigin>;

export interface DialControllerOptions {
  readonly config: GatewayConfig;
  readonly invoker: IHandlerInvoker;
  readonly logger: Logger;
  readonly forwarder: Forwarder;
  /** Whether the caller's INVITE already got its final response. */
  readonly hasFinal: (transaction: Transaction) => boolean;
  readonly answer: (transaction: Transaction, response: SipResponse) => void;
  /** The response for a handler's `respond` result. */
  readonly resultResponse: (request: SipRequest, result: RespondResult) => SipResponse;
  /** The 480 of a dial that timed out or had no target. */
  readonly noAnswer: (request: SipRequest) => SipResponse;
}

/**
 * The route handler's `<Dial>` from start to end: the fork, then the `call-progress` event when it
 * ends unanswered or when the answered call ends, and what the handler decides next.
 */
export class DialController {
  readonly #options: DialControllerOptions;

  constructor(options: DialControllerOptions) {
    this.#options = options;
  }

  /** The route handler's `<Dial>`: fork the caller's INVITE (RFC 3261 §16) unless it was cancelled meanwhile. */
  dial(transaction: Transaction, request: SipRequest, dial: ProxyResult): void {
    if (this.#options.hasFinal(transaction)) return;
    this.#options.forwarder.dial(transaction, request, dial, {
      unanswered: (result) => void this.#dialEnded(transaction, request, dial, result),
      callEnded: (call, endedAtMs) => {
        const outcome = dialOutcome('completed', call.answer, 200, endedAtMs - call.answeredAtMs);
        void this.#progress(dial, outcome, false, { answeredAtMs: call.answeredAtMs, endedAtMs });
      },
    });
  }

  /**
   * A dial ended unanswered: the route handler hears how (`call-progress`) and, while the caller
   * still awaits an answer, decides what follows: `respond`, another `proxy`, or `done` for the best
   * response (RFC 3261 §16.7 step 8). A dial timeout or an empty dial gives 480.
   */
  async #dialEnded(
    transaction: Transaction,
    request: SipRequest,
    dial: ProxyResult,
    { end, best }: UnansweredFork,
  ): Promise<void> {
    const awaiting = !this.#options.hasFinal(transaction);
    const final =
      end === 'branches-done' && best !== null
        ? forwardableFinal(best, request, newTag())
        : this.#options.noAnswer(request);
    const code = end === 'caller-cancel' ? REJECTIONS.requestTerminated.status : final.status;
    const outcome = dialOutcome(unansweredDialStatus(end, best), best, code, 0);
    const result = await this.#progress(dial, outcome, awaiting, {
      answeredAtMs: null,
      endedAtMs: Date.now(),
    });
    if (!awaiting || this.#options.hasFinal(transaction)) return;
    if (result?.action === 'proxy') this.dial(transaction, request, result);
    else if (result?.action === 'respond')
      this.#options.answer(transaction, this.#options.resultResponse(request, result));
    else this.#options.answer(transaction, final);
  }

  /** Tells the route handler how its dial went; its answer, or null when it failed. */
  async #progress(
    dial: ProxyResult,
    outcome: DialOutcome,
    callerAwaitingAnswer: boolean,
    times: CallTimes,
  ): Promise<HandlerResult | null> {
    const { config, invoker, logger } = this.#options;
    const event = callProgressEvent(config, dial, outcome, callerAwaitingAnswer, times);
    const invoked = await invoker.invoke(event);
    if (invoked.ok) return invoked.result;
    logger.warn({ callSid: dial.callSid, failure: invoked.failure }, 'call-progress handler failed');
    return null;
  }
}
