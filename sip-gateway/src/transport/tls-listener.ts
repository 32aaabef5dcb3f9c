import { readFile } from 'node:fs/promises';
import { createServer, DEFAULT_CIPHERS, rootCertificates, type SecureVersion, type Server } from 'node:tls';
import type { Result } from '../message/result.js';
import type { ConnectionLimiter } from './connection-limiter.js';
import { openStreamFlow, type StreamFlowContext } from './stream-flow.js';
import type { TlsOptions } from './transport-options.js';

/** Certificate, key and protocol settings, loaded once at start. */
export interface TlsMaterial {
  readonly cert: string;
  readonly key: string;
  /** CAs trusted for outbound connections. */
  readonly ca: readonly string[];
  readonly minVersion: SecureVersion;
  readonly ciphers: string;
}

export async function loadTlsMaterial(options: TlsOptions): Promise<Result<TlsMaterial>> {
  try {
    const [cert, key, extraCa] = await Promise.all([
      readFile(options.certPath, 'utf8'),
      readFile(options.keyPath, 'utf8'),
      options.trustedCaPath === null ? Promise.resolve(null) : readFile(options.trustedCaPath, 'utf8'),
    ]);
    // OpenSSL 3 only negotiates TLS 1.0/1.1 at security level 0.
    const deprecated = options.allowDeprecated;
    return {
      ok: true,
      value: {
        cert,
        key,
        ca: extraCa === null ? rootCertificates : [...rootCertificates, extraCa],
        minVersion: deprecated ? 'TLSv1' : options.minVersion,
        ciphers: deprecated ? `${DEFAULT_CIPHERS}:@SECLEVEL=0` : DEFAULT_CIPHERS,
      },
    };
  } catch (error) {
    return { ok: false, error: `cannot read TLS certificate or key: ${(error as Error).message}` };
  }
}

/** A SIP-over-TLS server (RFC 3261 §26.2): every completed handshake becomes a flow. */
export function createTlsServer(
  material: TlsMaterial,
  handshakeTimeoutMs: number,
  context: StreamFlowContext,
  limiter: ConnectionLimiter,
): Server {
  const server = createServer(
    {
      cert: material.cert,
      key: material.key,
      minVersion: material.minVersion,
      ciphers: material.ciphers,
      handshakeTimeout: handshakeTimeoutMs,
    },
    (socket) => {
      if (openStreamFlow(socket, 'tls', context) === null) socket.destroy();
    },
  );
  limiter.guard(server);
  // Failed handshakes (old protocol versions, scanners) only cost that connection.
  server.on('tlsClientError', () => undefined);
  return server;
}
