/** Time as a port: the transaction layer schedules every timer through this, so tests never sleep. */

/** Opaque: only the clock that created a handle knows what it holds. */
export type TimerHandle = object;

export interface Clock {
  /** Milliseconds on a monotonic scale. */
  now(): number;
  setTimer(delayMs: number, fn: () => void): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

/** The real clock over `setTimeout` and `performance.now()`. */
export const realClock: Clock = {
  now: () => performance.now(),
  setTimer: (delayMs, fn) => setTimeout(fn, delayMs),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
