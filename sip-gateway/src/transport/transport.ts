/**
 * The transport port (RFC 3261 §18): bytes in and out over flows. Framing happens here; parsing
 * happens above, so this layer never sees message semantics beyond Content-Length.
 */

export type TransportProtocol = 'udp' | 'tcp' | 'tls';

export interface Endpoint {
  readonly address: string;
  readonly port: number;
}

/**
 * A flow (RFC 5626 §3): a UDP 5-tuple or a TCP/TLS connection. `id` is stable for the life of the
 * flow and unique within the gateway instance.
 */
export interface Flow {
  readonly id: string;
  readonly protocol: TransportProtocol;
  readonly local: Endpoint;
  readonly remote: Endpoint;
}

export type TransportEvent =
  /** One complete message: a datagram, or a stream frame delimited by Content-Length. */
  | { readonly kind: 'message'; readonly flow: Flow; readonly bytes: Uint8Array }
  /**
   * A CRLFCRLF ping was answered with a CRLF pong (RFC 5626 §4.4.1), or a UDP keep-alive (CRLFs
   * or STUN, RFC 5626 §4.4.2) was seen and ignored.
   */
  | { readonly kind: 'keepalive'; readonly flow: Flow }
  /**
   * A stream could not be framed (bad or missing Content-Length, too large): the flow is closed.
   * Also reported for a datagram over `maxMessageBytes`: it is dropped and the UDP flow stays.
   */
  | { readonly kind: 'framingError'; readonly flow: Flow; readonly reason: string }
  | { readonly kind: 'flowClosed'; readonly flow: Flow; readonly reason: string };

export interface SendTarget {
  readonly protocol: TransportProtocol;
  readonly address: string;
  readonly port: number;
  /** Send over this flow when it is still open (responses, RFC 5626 flow reuse). */
  readonly flowId?: string;
}

export type SendResult =
  | { readonly ok: true; readonly flow: Flow }
  | { readonly ok: false; readonly error: string };

/** What the layers above need from the transports. */
export interface ITransportLayer {
  send(target: SendTarget, bytes: Uint8Array): Promise<SendResult>;
  /** Current number of open flows (for metrics and autoscaling). */
  flowCount(): number;
}
