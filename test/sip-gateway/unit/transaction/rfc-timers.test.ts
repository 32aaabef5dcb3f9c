import { describe, expect, it } from 'vitest';
import { deriveTimers, RFC_TIMER_BASE } from '#sip/config/rfc-timers.js';

describe('RFC 3261 timer values (Table 4, RFC 6026)', () => {
  it('MUST default T1 to 500 ms, T2 to 4 s and T4 to 5 s (§17.1.1.1, §17.1.2.2)', () => {
    expect(RFC_TIMER_BASE).toEqual({ t1Ms: 500, t2Ms: 4_000, t4Ms: 5_000 });
  });

  it('MUST derive every timer for an unreliable transport (Timer D at least 32 s)', () => {
    expect(deriveTimers(RFC_TIMER_BASE, false)).toEqual({
      ...RFC_TIMER_BASE,
      timerAMs: 500,
      timerBMs: 32_000,
      timerDMs: 32_000,
      timerEMs: 500,
      timerFMs: 32_000,
      timerGMs: 500,
      timerHMs: 32_000,
      timerIMs: 5_000,
      timerJMs: 32_000,
      timerKMs: 5_000,
      timerLMs: 32_000,
      timerMMs: 32_000,
    });
  });

  it('MUST use zero for Timers D, I, J and K on a reliable transport', () => {
    const timers = deriveTimers(RFC_TIMER_BASE, true);
    expect([timers.timerDMs, timers.timerIMs, timers.timerJMs, timers.timerKMs]).toEqual([0, 0, 0, 0]);
    expect([timers.timerBMs, timers.timerHMs, timers.timerLMs, timers.timerMMs]).toEqual([
      32_000, 32_000, 32_000, 32_000,
    ]);
  });

  it('follows a shrunk T1 everywhere', () => {
    const timers = deriveTimers({ t1Ms: 10, t2Ms: 80, t4Ms: 100 }, false);
    expect([timers.timerAMs, timers.timerBMs, timers.timerFMs, timers.timerJMs]).toEqual([10, 640, 640, 640]);
  });
});
