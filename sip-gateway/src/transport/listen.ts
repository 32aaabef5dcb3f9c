import type { Server, Socket } from 'node:net';
import type { Result } from '../message/result.js';

/** A bound TCP or TLS listening socket. */
export interface StreamListener {
  readonly port: number;
  /** Stops accepting; open connections are left alone. */
  stopAccepting(): void;
  /** Stops accepting, destroys connections that are not flows yet (TLS handshakes), and waits. */
  close(): Promise<void>;
}

export function listen(server: Server, address: string, port: number): Promise<Result<StreamListener>> {
  const connections = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
  });
  const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
  const stopAccepting = (): void => {
    if (server.listening) server.close();
  };
  return new Promise((resolve) => {
    const onError = (error: Error): void => resolve({ ok: false, error: error.message });
    server.once('error', onError);
    server.listen({ host: address, port, exclusive: true }, () => {
      server.off('error', onError);
      // Accept errors (such as EMFILE) must not take the process down.
      server.on('error', (error) => console.error('SIP listener error', error));
      const bound = server.address();
      resolve({
        ok: true,
        value: {
          port: typeof bound === 'object' && bound !== null ? bound.port : port,
          stopAccepting,
          close() {
            stopAccepting();
            for (const socket of connections) socket.destroy();
            return closed;
          },
        },
      });
    });
  });
}
