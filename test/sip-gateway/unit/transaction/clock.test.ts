import { afterEach, describe, expect, it, vi } from 'vitest';
import { realClock } from '#sip/transaction/clock.js';
import { FakeClock } from '#test/support/fake-clock.js';

describe('realClock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('schedules and clears timers through setTimeout', () => {
    vi.useFakeTimers();
    const fired: string[] = [];
    realClock.setTimer(10, () => fired.push('a'));
    const b = realClock.setTimer(10, () => fired.push('b'));
    realClock.clearTimer(b);
    vi.advanceTimersByTime(10);
    expect(fired).toEqual(['a']);
    expect(typeof realClock.now()).toBe('number');
  });
});

describe('FakeClock', () => {
  it('fires due timers in order, including timers armed while advancing', () => {
    const clock = new FakeClock();
    const fired: string[] = [];
    clock.setTimer(20, () => fired.push(`b@${clock.now()}`));
    clock.setTimer(10, () => {
      fired.push(`a@${clock.now()}`);
      clock.setTimer(5, () => fired.push(`c@${clock.now()}`));
    });
    clock.setTimer(20, () => fired.push(`d@${clock.now()}`));
    const late = clock.setTimer(30, () => fired.push('never'));
    clock.advance(25);
    clock.clearTimer(late);
    clock.advance(100);
    expect(fired).toEqual(['a@10', 'c@15', 'b@20', 'd@20']);
    expect(clock.now()).toBe(125);
    expect(clock.pendingCount()).toBe(0);
  });
});
