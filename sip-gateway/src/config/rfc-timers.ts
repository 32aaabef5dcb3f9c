/**
 * RFC 3261 timer constants and the derivation of every transaction timer from them
 * (RFC 3261 §17 and Table 4 in Appendix A; Timers L and M from RFC 6026 §8).
 * Tests shrink `t1Ms` and every derived timer follows.
 */

/** The three base values of RFC 3261 Table 4. */
export interface TimerBase {
  /** RTT estimate (RFC 3261 §17.1.1.1). */
  readonly t1Ms: number;
  /** Maximum retransmit interval for non-INVITE requests and INVITE responses (§17.1.2.2). */
  readonly t2Ms: number;
  /** Maximum duration a message remains in the network (§17.1.2.2). */
  readonly t4Ms: number;
}

export const RFC_TIMER_BASE: TimerBase = { t1Ms: 500, t2Ms: 4_000, t4Ms: 5_000 };

/** Every timer one transaction uses; values of 0 mean "not used on this transport". */
export interface TransactionTimers extends TimerBase {
  /** INVITE request retransmit interval, initial value; unreliable transports only (§17.1.1.2). */
  readonly timerAMs: number;
  /** INVITE client transaction timeout (§17.1.1.2). */
  readonly timerBMs: number;
  /** Wait for response retransmissions in ICT Completed (§17.1.1.2): ≥ 32 s unreliable, 0 reliable. */
  readonly timerDMs: number;
  /** Non-INVITE request retransmit interval, initial value; unreliable only (§17.1.2.2). */
  readonly timerEMs: number;
  /** Non-INVITE client transaction timeout (§17.1.2.2). */
  readonly timerFMs: number;
  /** INVITE final response retransmit interval, initial value; unreliable only (§17.2.1). */
  readonly timerGMs: number;
  /** Wait time for ACK receipt (§17.2.1). */
  readonly timerHMs: number;
  /** Wait time for ACK retransmissions in IST Confirmed (§17.2.1): T4 unreliable, 0 reliable. */
  readonly timerIMs: number;
  /** Wait time for request retransmissions in NIST Completed (§17.2.2): 64*T1 unreliable, 0 reliable. */
  readonly timerJMs: number;
  /** Wait time for response retransmissions in NICT Completed (§17.1.2.2): T4 unreliable, 0 reliable. */
  readonly timerKMs: number;
  /** IST Accepted: wait for 2xx retransmissions from the TU and ACKs (RFC 6026 §7.1, §8.7). */
  readonly timerLMs: number;
  /** ICT Accepted: wait for 2xx retransmissions from the server (RFC 6026 §7.2, §8.4). */
  readonly timerMMs: number;
}

/**
 * Derives every timer for one transaction from the base values and the transport's reliability.
 * Timer D is 64*T1, which is the RFC's 32 s at the default T1 (RFC 3261 §17.1.1.2: "at least
 * 32 seconds"); it only drops below 32 s when T1 itself is shrunk, as tests do.
 */
export function deriveTimers(base: TimerBase, reliable: boolean): TransactionTimers {
  const { t1Ms, t4Ms } = base;
  const sixtyFourT1 = 64 * t1Ms;
  return {
    ...base,
    timerAMs: t1Ms,
    timerBMs: sixtyFourT1,
    timerDMs: reliable ? 0 : sixtyFourT1,
    timerEMs: t1Ms,
    timerFMs: sixtyFourT1,
    timerGMs: t1Ms,
    timerHMs: sixtyFourT1,
    timerIMs: reliable ? 0 : t4Ms,
    timerJMs: reliable ? 0 : sixtyFourT1,
    timerKMs: reliable ? 0 : t4Ms,
    timerLMs: sixtyFourT1,
    timerMMs: sixtyFourT1,
  };
}
