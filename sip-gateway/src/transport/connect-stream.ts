import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { Result } from '../message/result.js';
import type { TlsMaterial } from './tls-listener.js';
import type { Endpoint } from './transport.js';

export interface ConnectOptions {
  /** Source address to bind; null lets the OS choose. */
  readonly localAddress: string | null;
  readonly connectTimeoutMs: number;
  /** Needed for 'tls'. */
  readonly tls: TlsMaterial | null;
}

/**
 * Opens an outbound TCP or TLS connection (RFC 3261 §18.1.1) and resolves once it can carry
 * data (after the handshake for TLS), or with an error after `connectTimeoutMs`.
 */
export function connectStream(
  protocol: 'tcp' | 'tls',
  remote: Endpoint,
  options: ConnectOptions,
): Promise<Result<Socket>> {
  const { tls } = options;
  if (protocol === 'tls' && tls === null)
    return Promise.resolve({ ok: false, error: 'TLS is not configured' });
  const base = {
    host: remote.address,
    port: remote.port,
    ...(options.localAddress === null ? {} : { localAddress: options.localAddress }),
  };
  return new Promise((resolve) => {
    const socket =
      protocol === 'tls' && tls !== null
        ? connectTls({ ...base, ca: [...tls.ca], minVersion: tls.minVersion, ciphers: tls.ciphers })
        : connectTcp(base);
    const ready = protocol === 'tls' ? 'secureConnect' : 'connect';
    const settle = (result: Result<Socket>): void => {
      socket.off('error', onError);
      socket.off(ready, onReady);
      socket.setTimeout(0);
      resolve(result);
    };
    const onError = (error: Error): void => {
      settle({ ok: false, error: `connect to ${remote.address}:${remote.port} failed: ${error.message}` });
      socket.on('error', () => undefined);
      socket.destroy();
    };
    const onReady = (): void => settle({ ok: true, value: socket });
    socket.setTimeout(options.connectTimeoutMs, () => onError(new Error('connect timeout')));
    socket.once('error', onError);
    socket.once(ready, onReady);
  });
}
