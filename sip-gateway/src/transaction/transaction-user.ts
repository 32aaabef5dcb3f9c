/** What the transaction layer hands to its transaction user (TU): handles and typed events. */
import type { SipRequest, SipResponse } from '#sip/message/types.js';

export interface ServerTransaction<TOrigin> {
  /** The server key (RFC 3261 §17.2.3); unique among live server transactions. */
  readonly id: string;
  readonly request: SipRequest;
  readonly origin: TOrigin;
  readonly reliable: boolean;
}

export interface ClientTransaction<TDest> {
  /** The client key (RFC 3261 §17.1.3); unique among live client transactions. */
  readonly id: string;
  readonly request: SipRequest;
  readonly destination: TDest;
  readonly reliable: boolean;
}

export type ServerTransactionEvent =
  /** An ACK matched an INVITE server transaction in Accepted (RFC 6026 §7.1). */
  | { readonly kind: 'ack'; readonly ack: SipRequest }
  /** Timer H: no ACK for a non-2xx final (RFC 3261 §17.2.1). */
  | { readonly kind: 'timeout'; readonly timer: 'H' }
  | { readonly kind: 'transportError'; readonly error: string };

export type ClientTransactionEvent =
  | { readonly kind: 'provisional'; readonly response: SipResponse }
  /** The final response; in ICT Accepted also every further 2xx (RFC 6026 §8.4). */
  | { readonly kind: 'final'; readonly response: SipResponse }
  /** Timer B or F: the TU acts as if a 408 was received (RFC 3261 §8.1.3.1). */
  | { readonly kind: 'timeout'; readonly timer: 'B' | 'F' }
  /** The TU acts as if a 503 was received (RFC 3261 §8.1.3.1, §17.1.4). */
  | { readonly kind: 'transportError'; readonly error: string };

export type ClientTransactionListener = (event: ClientTransactionEvent) => void;

/** Why a request that would create a server transaction was refused; the TU answers 503. */
export type RefusalReason = 'overload' | 'draining';

export interface TransactionUser<TOrigin> {
  /** A request created a new server transaction; the TU answers through `sendResponse`. */
  onRequest(transaction: ServerTransaction<TOrigin>): void;
  /**
   * A CANCEL got its own server transaction (RFC 3261 §9.2); `invite` is the INVITE server
   * transaction it cancels, or null, in which case the TU answers the CANCEL with 481.
   */
  onCancel(cancel: ServerTransaction<TOrigin>, invite: ServerTransaction<TOrigin> | null): void;
  /** An ACK matching no transaction: the ACK for a 2xx (RFC 3261 §17.2.3, §13.3.1.4) or a stray. */
  onAckWithoutTransaction(ack: SipRequest, origin: TOrigin): void;
  onServerEvent(transaction: ServerTransaction<TOrigin>, event: ServerTransactionEvent): void;
  /** A response matching no client transaction; a proxy drops it (RFC 6026 §1, updating RFC 3261 §16.7). */
  onStrayResponse(response: SipResponse): void;
  /** The request was not given a transaction; the TU answers 503 through `sendResponseStateless`. */
  onRefused(request: SipRequest, origin: TOrigin, reason: RefusalReason): void;
}
