import type { SipRequest, SipResponse } from '../message/types.js';
import type { Clock, TimerHandle } from '../transaction/clock.js';
import type { SendTarget } from '../transport/transport.js';
import type { DialogLeg } from './build-bye.js';

/** A call this gateway forked and that was answered: what it needs to see it end, or to end it. */
export interface AnsweredCall {
  readonly callId: string;
  /** From tag of the caller's INVITE and To tag of the winning 2xx: they name the dialog. */
  readonly callerTag: string | null;
  readonly calleeTag: string | null;
  readonly answeredAtMs: number;
  /** The winning 2xx, as forwarded to the caller. */
  readonly answer: SipResponse;
  /** BYE material (for `<Dial timeLimit>`) and where each side is reached beyond this gateway. */
  readonly toCallee: DialogLeg & { readonly send: SendTarget };
  readonly toCaller: DialogLeg & { readonly send: SendTarget };
  /** Highest CSeq seen from each side, in the numbering the other side sees. */
  callerCSeq: number;
  calleeCSeq: number;
}

/** How an in-dialog request relates to an answered call. */
export interface CallRequest {
  readonly call: AnsweredCall;
  readonly fromCaller: boolean;
}

/**
 * The answered calls of this gateway by Call-ID, each until a BYE passes in either direction or
 * its time limit is reached (then `expire` hangs it up). `ended` reports either end once.
 */
export class AnsweredCalls {
  readonly #calls = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly expire: (call: AnsweredCall) => void,
  ) {}

  add(call: AnsweredCall, timeLimitMs: number, ended: (call: AnsweredCall) => void): void {
    this.#take(call.callId);
    const timer = this.clock.setTimer(timeLimitMs, () => {
      if (this.#take(call.callId) === undefined) return;
      this.expire(call);
      ended(call);
    });
    this.#calls.set(call.callId, { call, timer, ended });
  }

  /**
   * The call an in-dialog request belongs to (same Call-ID and the dialog's tags), with its CSeq
   * noted (a caller's request already renumbered for the callee); a BYE ends the call.
   */
  observe(request: SipRequest): CallRequest | null {
    const entry = this.#calls.get(request.base.callId);
    if (entry === undefined) return null;
    const { call } = entry;
    const from = request.base.from.tag;
    const to = request.base.to.tag;
    const fromCaller = from === call.callerTag && to === call.calleeTag;
    if (!fromCaller && !(from === call.calleeTag && to === call.callerTag)) return null;
    if (request.method !== 'ACK') {
      if (fromCaller) call.callerCSeq = Math.max(call.callerCSeq, request.base.cseq.seq);
      else call.calleeCSeq = Math.max(call.calleeCSeq, request.base.cseq.seq);
    }
    if (request.method === 'BYE' && this.#take(call.callId) !== undefined) entry.ended(call);
    return { call, fromCaller };
  }

  #take(callId: string): Entry | undefined {
    const entry = this.#calls.get(callId);
    if (entry === undefined) return undefined;
    this.clock.clearTimer(entry.timer);
    this.#calls.delete(callId);
    return entry;
  }
}

interface Entry {
  readonly call: AnsweredCall;
  readonly timer: TimerHandle;
  readonly ended: (call: AnsweredCall) => void;
}
