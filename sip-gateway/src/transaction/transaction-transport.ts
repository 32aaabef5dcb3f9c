import type { SipRequest, SipResponse } from '#sip/message/types.js';

export type SendOutcome = { readonly ok: true } | { readonly ok: false; readonly error: string };

/**
 * The send port the transaction layer needs (owned here, implemented by the composition root).
 * `TOrigin` is where a server transaction's request came from and `TDest` where a client
 * transaction goes; both are opaque to the transaction layer.
 */
export interface TransactionTransport<TOrigin, TDest> {
  sendRequest(request: SipRequest, destination: TDest): Promise<SendOutcome>;
  sendResponse(response: SipResponse, origin: TOrigin): Promise<SendOutcome>;
}
