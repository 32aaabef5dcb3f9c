import type { Clock, TimerHandle } from '#sip/transaction/clock.js';

interface Pending {
  readonly atMs: number;
  readonly seq: number;
  readonly fn: () => void;
}

/** Virtual time for tests: timers fire only inside `advance`, in due order, never in real time. */
export class FakeClock implements Clock {
  #nowMs = 0;
  #seq = 0;
  readonly #pending = new Map<TimerHandle, Pending>();

  now(): number {
    return this.#nowMs;
  }

  setTimer(delayMs: number, fn: () => void): TimerHandle {
    const handle = { timer: ++this.#seq };
    this.#pending.set(handle, { atMs: this.#nowMs + delayMs, seq: this.#seq, fn });
    return handle;
  }

  clearTimer(handle: TimerHandle): void {
    this.#pending.delete(handle);
  }

  /** Timers armed and not yet fired or cleared. */
  pendingCount(): number {
    return this.#pending.size;
  }

  /** Moves time forward by `ms`, firing every timer that falls due, including ones armed meanwhile. */
  advance(ms: number): void {
    const endMs = this.#nowMs + ms;
    for (let next = this.#nextDue(endMs); next !== null; next = this.#nextDue(endMs)) {
      const [handle, pending] = next;
      this.#pending.delete(handle);
      this.#nowMs = pending.atMs;
      pending.fn();
    }
    this.#nowMs = endMs;
  }

  #nextDue(endMs: number): [TimerHandle, Pending] | null {
    let best: [TimerHandle, Pending] | null = null;
    for (const entry of this.#pending) {
      const [, pending] = entry;
      if (pending.atMs > endMs) continue;
      if (
        best === null ||
        pending.atMs < best[1].atMs ||
        (pending.atMs === best[1].atMs && pending.seq < best[1].seq)
      ) {
        best = entry;
      }
    }
    return best;
  }
}
