/**
 * A tiny SIP test client over UDP, TCP or TLS on loopback: sends raw bytes and awaits raw bytes.
 * It does no SIP processing, so tests see exactly what the server put on the wire.
 */
import { createSocket, type Socket as DgramSocket } from 'node:dgram';
import { connect as connectTcp, type Socket } from 'node:net';
import { type ConnectionOptions, connect as connectTls } from 'node:tls';

export interface RawSipClientOptions {
  readonly protocol: 'udp' | 'tcp' | 'tls';
  readonly port: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Address to send from (any of 127.0.0.0/8). Default 127.0.0.1. */
  readonly localAddress?: string;
  /** TLS client settings (ca, minVersion, maxVersion, ciphers ...). */
  readonly tls?: ConnectionOptions;
  /** Guard against hangs: connect, receive and waitForClose reject after this long. Default 5000. */
  readonly timeoutMs?: number;
}

export interface RawSipClient {
  readonly localAddress: string;
  readonly localPort: number;
  send(data: string | Uint8Array): Promise<void>;
  /**
   * UDP: the next datagram. Streams: waits until the received text contains `until` (any data
   * when omitted), then returns and consumes everything up to and including it.
   */
  receive(until?: string): Promise<string>;
  /** Streams: resolves when the connection is closed (by either side). */
  waitForClose(): Promise<void>;
  close(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';

export function openRawSipClient(options: RawSipClientOptions): Promise<RawSipClient> {
  return options.protocol === 'udp' ? openUdp(options) : openStream(options);
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`raw SIP client: timed out waiting for ${what}`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Queues values until someone asks, and askers until a value arrives. */
class Inbox<T> {
  readonly #values: T[] = [];
  readonly #waiters: Array<(value: T) => void> = [];

  put(value: T): void {
    const waiter = this.#waiters.shift();
    if (waiter) waiter(value);
    else this.#values.push(value);
  }

  take(): Promise<T> {
    const value = this.#values.shift();
    if (value !== undefined) return Promise.resolve(value);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}

async function openUdp(options: RawSipClientOptions): Promise<RawSipClient> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const host = options.host ?? LOOPBACK;
  const socket: DgramSocket = createSocket('udp4');
  const inbox = new Inbox<string>();
  socket.on('message', (bytes) => inbox.put(bytes.toString('latin1')));
  const localAddress = options.localAddress ?? LOOPBACK;
  await new Promise<void>((resolve) => socket.bind(0, localAddress, resolve));
  return {
    localAddress,
    localPort: socket.address().port,
    send: (data) =>
      new Promise((resolve, reject) =>
        socket.send(toBytes(data), options.port, host, (error) => (error ? reject(error) : resolve())),
      ),
    receive: () => withTimeout(inbox.take(), timeoutMs, 'a datagram'),
    waitForClose: () => Promise.reject(new Error('UDP has no connection to close')),
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

async function openStream(options: RawSipClientOptions): Promise<RawSipClient> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const localAddress = options.localAddress ?? LOOPBACK;
  const target = { host: options.host ?? LOOPBACK, port: options.port, localAddress };
  const socket: Socket =
    options.protocol === 'tls' ? connectTls({ ...target, ...options.tls }) : connectTcp(target);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const ready = options.protocol === 'tls' ? 'secureConnect' : 'connect';
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      socket.once(ready, () => resolve());
      socket.once('error', reject);
      socket.once('close', () => reject(new Error('connection closed during connect')));
    }),
    timeoutMs,
    'connect',
  ).catch((error: unknown) => {
    socket.destroy();
    throw error;
  });
  // After connect, errors (e.g. a reset when the server closes us) just end the connection.
  socket.on('error', () => undefined);
  let buffered = '';
  let notify: (() => void) | null = null;
  socket.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('latin1');
    notify?.();
  });

  async function receive(until?: string): Promise<string> {
    const complete = (): number => {
      if (until === undefined) return buffered.length > 0 ? buffered.length : -1;
      const at = buffered.indexOf(until);
      return at < 0 ? -1 : at + until.length;
    };
    for (let end = complete(); ; end = complete()) {
      if (end >= 0) {
        const text = buffered.slice(0, end);
        buffered = buffered.slice(end);
        return text;
      }
      if (socket.destroyed)
        throw new Error(`connection closed; received so far: ${JSON.stringify(buffered)}`);
      await withTimeout(
        new Promise<void>((resolve) => {
          notify = resolve;
          void closed.then(resolve);
        }),
        timeoutMs,
        `${JSON.stringify(until ?? 'data')}; received so far: ${JSON.stringify(buffered)}`,
      );
      notify = null;
    }
  }

  return {
    localAddress,
    localPort: socket.localPort ?? 0,
    send: (data) =>
      new Promise((resolve, reject) =>
        socket.write(toBytes(data), (error) => (error ? reject(error) : resolve())),
      ),
    receive,
    waitForClose: () => withTimeout(closed, timeoutMs, 'the connection to close'),
    close: () => {
      socket.destroy();
      return closed;
    },
  };
}

function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
}

/**
 * Records what a callback receives (e.g. transport events) and lets a test await matching ones,
 * whether they already arrived or not. Each event is handed out at most once.
 */
export class EventLog<T> {
  readonly events: T[] = [];
  readonly #taken = new Set<number>();
  readonly #waiters: Array<{ match: (event: T) => boolean; resolve: (event: T) => void }> = [];
  readonly #timeoutMs: number;

  constructor(timeoutMs = 5000) {
    this.#timeoutMs = timeoutMs;
  }

  readonly record = (event: T): void => {
    this.events.push(event);
    const index = this.#waiters.findIndex((waiter) => waiter.match(event));
    const [waiter] = index < 0 ? [] : this.#waiters.splice(index, 1);
    if (waiter === undefined) return;
    this.#taken.add(this.events.length - 1);
    waiter.resolve(event);
  };

  /** The earliest event not handed out yet that matches, waiting for it if needed. */
  next(match: (event: T) => boolean, what = 'an event'): Promise<T> {
    const index = this.events.findIndex((event, i) => !this.#taken.has(i) && match(event));
    const found = this.events[index];
    if (found !== undefined) {
      this.#taken.add(index);
      return Promise.resolve(found);
    }
    return withTimeout(
      new Promise<T>((resolve) => this.#waiters.push({ match, resolve })),
      this.#timeoutMs,
      what,
    );
  }
}
