import type { Server, Socket } from 'node:net';
import { normalizeAddress } from './address.js';

/** Counts open inbound connections per source address and refuses those over the cap. */
export class ConnectionLimiter {
  readonly #open = new Map<string, number>();
  readonly #maxPerAddress: number;

  constructor(maxPerAddress: number) {
    this.#maxPerAddress = maxPerAddress;
  }

  /**
   * Checks every connection `server` accepts before anything else sees it (before the TLS
   * handshake too) and destroys those over the cap.
   */
  guard(server: Server): void {
    server.prependListener('connection', (socket: Socket) => {
      const address = normalizeAddress(socket.remoteAddress ?? '');
      if (!this.#tryAcquire(address)) {
        socket.destroy();
        return;
      }
      socket.once('close', () => this.#release(address));
    });
  }

  #tryAcquire(address: string): boolean {
    const count = this.#open.get(address) ?? 0;
    if (count >= this.#maxPerAddress) return false;
    this.#open.set(address, count + 1);
    return true;
  }

  #release(address: string): void {
    const count = this.#open.get(address) ?? 0;
    if (count <= 1) this.#open.delete(address);
    else this.#open.set(address, count - 1);
  }
}
