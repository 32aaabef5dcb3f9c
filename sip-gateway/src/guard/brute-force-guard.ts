import { BoundedMap } from './bounded-map.js';

export interface BruteForceSettings {
  /** Failures are counted in fixed windows of this length. */
  readonly authFailureWindowMs: number;
  /** Failures from one source address in a window before the source is blocked. */
  readonly maxAuthFailuresPerSource: number;
  /** Failures against one AOR (from any source) in a window before the AOR is locked to trusted sources. */
  readonly maxAuthFailuresPerAor: number;
  readonly authBlockMs: number;
  /** A source that authenticated for an AOR stays trusted for it this long, so a lock does not stop the real device. */
  readonly trustedSourceTtlMs: number;
  readonly maxTrackedGuardKeys: number;
}

interface Counter {
  windowStartMs: number;
  failures: number;
  blockedUntilMs: number;
}

/**
 * Digest brute-force limits. A source that fails too often is blocked outright. An AOR that fails
 * too often (a distributed attack) is locked for every source except those that authenticated for
 * it recently, so an attacker elsewhere cannot lock the legitimate device out.
 */
export class BruteForceGuard {
  readonly #sources: BoundedMap<string, Counter>;
  readonly #aors: BoundedMap<string, Counter>;
  readonly #trusted: BoundedMap<string, number>;

  constructor(private readonly settings: BruteForceSettings) {
    this.#sources = new BoundedMap(settings.maxTrackedGuardKeys);
    this.#aors = new BoundedMap(settings.maxTrackedGuardKeys);
    this.#trusted = new BoundedMap(settings.maxTrackedGuardKeys);
  }

  isBlocked(source: string, aor: string, nowMs: number): boolean {
    if ((this.#sources.get(source)?.blockedUntilMs ?? 0) > nowMs) return true;
    if ((this.#aors.get(aor)?.blockedUntilMs ?? 0) <= nowMs) return false;
    return (this.#trusted.get(trustKey(source, aor)) ?? 0) <= nowMs;
  }

  recordFailure(source: string, aor: string, nowMs: number): void {
    this.#count(this.#sources, source, this.settings.maxAuthFailuresPerSource, nowMs);
    this.#count(this.#aors, aor, this.settings.maxAuthFailuresPerAor, nowMs);
  }

  recordSuccess(source: string, aor: string, nowMs: number): void {
    this.#trusted.set(trustKey(source, aor), nowMs + this.settings.trustedSourceTtlMs);
  }

  #count(counters: BoundedMap<string, Counter>, key: string, limit: number, nowMs: number): void {
    const { authFailureWindowMs, authBlockMs } = this.settings;
    let counter = counters.get(key);
    if (counter === undefined || nowMs - counter.windowStartMs >= authFailureWindowMs) {
      counter = { windowStartMs: nowMs, failures: 0, blockedUntilMs: counter?.blockedUntilMs ?? 0 };
    }
    counter.failures += 1;
    if (counter.failures >= limit) counter.blockedUntilMs = nowMs + authBlockMs;
    counters.set(key, counter);
  }
}

const trustKey = (source: string, aor: string): string => `${source} ${aor}`;
