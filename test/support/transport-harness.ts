/**
 * Shared set-up of the transport integration tests: a TransportLayer on loopback with one
 * protocol enabled, raw clients, and clean-up after each test.
 */
import type { ConnectionOptions } from 'node:tls';
import { afterEach } from 'vitest';
import type { TransportEvent, TransportProtocol } from '#sip/transport/transport.js';
import { TransportLayer } from '#sip/transport/transport-layer.js';
import type { TransportLayerInit } from '#sip/transport/transport-options.js';
import { EventLog, openRawSipClient, type RawSipClient } from './raw-sip-client.js';

export const LOOPBACK = '127.0.0.1';

/** An OPTIONS request whose Call-ID names it, framed by Content-Length. */
export function optionsMessage(protocol: TransportProtocol, callId: string, body = ''): string {
  return [
    'OPTIONS sip:bob@127.0.0.1 SIP/2.0',
    `Via: SIP/2.0/${protocol.toUpperCase()} 127.0.0.1:5070;rport;branch=z9hG4bK-1`,
    `Call-ID: ${callId}`,
    'CSeq: 1 OPTIONS',
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}

export const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

export const isMessage = (callId: string) => (event: TransportEvent) =>
  event.kind === 'message' && text(event.bytes).includes(`Call-ID: ${callId}\r\n`);

export interface TransportHarness {
  startLayer(
    init?: TransportLayerInit,
  ): Promise<{ layer: TransportLayer; log: EventLog<TransportEvent>; port: number }>;
  client(port: number, tls?: ConnectionOptions): Promise<RawSipClient>;
  /** Runs `cleanup` after the current test, before the layers close. */
  onCleanup(cleanup: () => Promise<unknown>): void;
}

/**
 * Call inside a `describe`: registers the afterEach clean-up. `base` is read when a layer starts,
 * so it may depend on a beforeAll (certificate files); `clientTls` likewise.
 */
export function transportHarness(
  protocol: TransportProtocol,
  base: () => TransportLayerInit = () => ({}),
  clientTls: () => ConnectionOptions = () => ({}),
): TransportHarness {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const ports = { udpPort: null, tcpPort: null, tlsPort: null, [`${protocol}Port`]: 0 };
  return {
    async startLayer(init = {}) {
      const log = new EventLog<TransportEvent>();
      const layer = new TransportLayer({ bindAddress: LOOPBACK, ...ports, ...base(), ...init }, log.record);
      const started = await layer.start();
      const port = started.ok ? started.value[protocol] : null;
      if (port === null) throw new Error(`start failed: ${JSON.stringify(started)}`);
      cleanups.push(() => layer.close());
      return { layer, log, port };
    },
    async client(port, tls = {}) {
      const opened = await openRawSipClient({ protocol, port, tls: { ...clientTls(), ...tls } });
      cleanups.push(() => opened.close());
      return opened;
    },
    onCleanup(cleanup) {
      cleanups.push(cleanup);
    },
  };
}
