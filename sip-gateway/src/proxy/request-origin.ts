import type { Flow, SendTarget } from '../transport/transport.js';

/** Where a request came from: the flow, where its responses go (§18.2.2), and its bytes. */
export interface RequestOrigin {
  readonly flow: Flow;
  readonly responseTarget: SendTarget;
  readonly raw: Uint8Array;
  readonly receivedAtMs: number;
}
