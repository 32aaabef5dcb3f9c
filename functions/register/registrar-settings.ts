/** What the registrar does when an 11th distinct contact arrives for an AOR (Twilio allows 10). */
export type WhenBindingsFull = 'reject' | 'evict-soonest';

/** Every limit of the registrar, with Twilio's values as defaults (reference §6.3, §6.4). */
export interface RegistrarSettings {
  /** Shorter requested expiries get 423 with Min-Expires (RFC 3261 §10.3 step 7). */
  readonly minExpiresSec: number;
  /** Longer requested expiries are granted as this (RFC 3261 §10.3 step 7). */
  readonly maxExpiresSec: number;
  /** Expiry when neither the Contact `expires` param nor an Expires header gives one (§10.2.1.1). */
  readonly defaultExpiresSec: number;
  /** Bindings of one AOR, counted across all edges (Twilio 32007). */
  readonly maxBindingsPerAor: number;
  readonly whenFull: WhenBindingsFull;
  /** Read-modify-write attempts of one (AOR, edge) item before giving up with 500 + Retry-After. */
  readonly maxWriteAttempts: number;
  /** Retry-After sent with that 500 (RFC 3261 §21.5.1, §20.33). */
  readonly retryAfterSec: number;
}

export const REGISTRAR_DEFAULTS: RegistrarSettings = {
  minExpiresSec: 600,
  maxExpiresSec: 3600,
  defaultExpiresSec: 3600,
  maxBindingsPerAor: 10,
  whenFull: 'reject',
  maxWriteAttempts: 5,
  retryAfterSec: 1,
};
