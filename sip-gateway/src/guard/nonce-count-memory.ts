import { BoundedMap } from './bounded-map.js';

/** The highest nonce-count accepted per nonce (RFC 7616 §3.4: a count must not be reused). */
export class NonceCountMemory {
  readonly #counts: BoundedMap<string, number>;

  constructor(maxNonces: number) {
    this.#counts = new BoundedMap(maxNonces);
  }

  accepted(nonce: string): number | undefined {
    return this.#counts.get(nonce);
  }

  record(nonce: string, nonceCount: number): void {
    if (nonceCount > (this.#counts.get(nonce) ?? 0)) this.#counts.set(nonce, nonceCount);
  }
}
