import { GATEWAY_CONFIG_DEFAULTS } from '../config/gateway-config.js';

/** Settings of the transport layer, with units in the names; the composition root fills them from config. */
export interface TransportLayerOptions {
  /** Address the listeners bind to and outbound connections leave from. */
  readonly bindAddress: string;
  /** Listening ports: 0 picks an ephemeral port (see `TransportLayer.ports()`), null disables it. */
  readonly udpPort: number | null;
  readonly tcpPort: number | null;
  readonly tlsPort: number | null;
  /** Required when `tlsPort` is not null, or to open outbound TLS connections. */
  readonly tls: TlsOptions | null;
  /** Largest message accepted: a bigger datagram is dropped, a bigger stream message closes the flow. */
  readonly maxMessageBytes: number;
  /** A flow with no traffic for this long is closed (TCP/TLS) or forgotten (UDP). */
  readonly flowIdleTimeoutMs: number;
  /**
   * Receive buffer asked for the UDP socket (SO_RCVBUF): room for the datagrams that arrive while
   * the event loop is busy (a GC pause, a batch of store replies). Linux caps it at net.core.rmem_max.
   */
  readonly udpReceiveBufferBytes: number;
  /** Inbound TCP/TLS connections allowed from one source IP address; more are closed at accept. */
  readonly maxConnectionsPerSourceAddress: number;
  /** Longest wait for an outbound TCP connect plus TLS handshake, and for an inbound TLS handshake. */
  readonly connectTimeoutMs: number;
  /** A stream send fails when this many bytes are already waiting for a slow reader. */
  readonly maxQueuedSendBytes: number;
  /** Flow ids are `<prefix>f<counter>`; give each gateway instance its own prefix. */
  readonly flowIdPrefix: string;
}

export interface TlsOptions {
  /** PEM certificate chain and private key, read from files at start. */
  readonly certPath: string;
  readonly keyPath: string;
  /** Lowest TLS version accepted; TLSv1.2 by default. */
  readonly minVersion: 'TLSv1.2' | 'TLSv1.3';
  /** Also accept TLS 1.0 and 1.1 (Twilio's "allow deprecated TLS"); overrides `minVersion`. */
  readonly allowDeprecated: boolean;
  /** Extra CA (PEM file) trusted for outbound connections, besides the bundled roots. */
  readonly trustedCaPath: string | null;
}

export const TRANSPORT_DEFAULTS = {
  bindAddress: '127.0.0.1',
  udpPort: 5060,
  tcpPort: 5060,
  tlsPort: null,
  tls: null,
  maxMessageBytes: GATEWAY_CONFIG_DEFAULTS.maxMessageBytes,
  flowIdleTimeoutMs: GATEWAY_CONFIG_DEFAULTS.flowIdleTimeoutMs,
  udpReceiveBufferBytes: GATEWAY_CONFIG_DEFAULTS.udpReceiveBufferBytes,
  maxConnectionsPerSourceAddress: GATEWAY_CONFIG_DEFAULTS.maxConnectionsPerSourceAddress,
  connectTimeoutMs: 5_000,
  maxQueuedSendBytes: 1_048_576,
  flowIdPrefix: 't1',
} as const satisfies TransportLayerOptions;

export const TLS_DEFAULTS = {
  minVersion: 'TLSv1.2',
  allowDeprecated: false,
  trustedCaPath: null,
} as const satisfies Partial<TlsOptions>;

/** What callers pass: anything left out takes its default; TLS needs at least the two paths. */
export type TransportLayerInit = Partial<Omit<TransportLayerOptions, 'tls'>> & {
  readonly tls?: (Pick<TlsOptions, 'certPath' | 'keyPath'> & Partial<TlsOptions>) | null;
};

export function resolveTransportOptions(init: TransportLayerInit): TransportLayerOptions {
  const { tls, ...rest } = init;
  return {
    ...TRANSPORT_DEFAULTS,
    ...rest,
    tls: tls === undefined || tls === null ? null : { ...TLS_DEFAULTS, ...tls },
  };
}
