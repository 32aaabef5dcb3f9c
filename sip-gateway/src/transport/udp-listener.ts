import { createSocket, type Socket } from 'node:dgram';
import { isIPv4, isIPv6 } from 'node:net';
import type { Result } from '../message/result.js';
import { normalizeAddress } from './address.js';
import type { FlowHandle, FlowTable } from './flow-table.js';
import type { Endpoint, Flow, SendResult, TransportEvent } from './transport.js';

export interface UdpContext {
  readonly table: FlowTable;
  readonly emit: (event: TransportEvent) => void;
  readonly maxMessageBytes: number;
  readonly flowIdleTimeoutMs: number;
  /** SO_RCVBUF asked for at bind. */
  readonly receiveBufferBytes: number;
}

const STUN_MAGIC_COOKIE = 0x2112a442;
const STUN_HEADER_BYTES = 20;

/**
 * The UDP listening socket (RFC 3261 §18). A flow is the socket plus one remote ip:port
 * (RFC 5626 §3); it exists while datagrams go either way and is forgotten after
 * `flowIdleTimeoutMs` without any. Requests and responses are sent from this socket.
 */
export class UdpListener {
  readonly #socket: Socket;
  readonly #context: UdpContext;
  readonly #local: Endpoint;
  /** An IPv6 socket reaches IPv4 remotes through IPv4-mapped addresses. */
  readonly #ipv6: boolean;
  readonly #idleTimers = new Map<string, NodeJS.Timeout>();
  #intakeOpen = true;

  private constructor(socket: Socket, context: UdpContext) {
    this.#socket = socket;
    this.#context = context;
    const { address, port, family } = socket.address();
    this.#local = { address: normalizeAddress(address), port };
    this.#ipv6 = family === 'IPv6';
    socket.on('message', (bytes, remote) =>
      this.#receive(bytes, normalizeAddress(remote.address), remote.port),
    );
    // Receive errors must not take the process down; send errors go to the send callbacks.
    socket.on('error', (error) => console.error('SIP UDP socket error', error));
  }

  static bind(address: string, port: number, context: UdpContext): Promise<Result<UdpListener>> {
    const socket = createSocket({
      type: isIPv6(address) ? 'udp6' : 'udp4',
      recvBufferSize: context.receiveBufferBytes,
    });
    return new Promise((resolve) => {
      const onError = (error: Error): void => {
        socket.close();
        resolve({ ok: false, error: error.message });
      };
      socket.once('error', onError);
      socket.bind({ address, port, exclusive: true }, () => {
        socket.off('error', onError);
        resolve({ ok: true, value: new UdpListener(socket, context) });
      });
    });
  }

  port(): number {
    return this.#local.port;
  }

  /** Datagrams from remotes without a flow are dropped from now on; existing flows keep working. */
  stopIntake(): void {
    this.#intakeOpen = false;
  }

  /** Sends from the listening socket, over the flow to `remote` (created when needed). */
  sendTo(remote: Endpoint, bytes: Uint8Array): Promise<SendResult> {
    const handle =
      this.#context.table.findByRemote('udp', remote.address, remote.port) ?? this.#openFlow(remote);
    return handle.write(bytes);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#socket.close(() => resolve()));
  }

  #receive(bytes: Buffer, address: string, port: number): void {
    const { table, emit, maxMessageBytes } = this.#context;
    const existing = table.findByRemote('udp', address, port);
    if (existing === undefined && !this.#intakeOpen) return;
    const { flow } = existing ?? this.#openFlow({ address, port });
    this.#idleTimers.get(flow.id)?.refresh();
    if (bytes.length > maxMessageBytes) {
      emit({ kind: 'framingError', flow, reason: 'datagram exceeds maxMessageBytes' });
    } else if (isKeepAlive(bytes)) {
      // RFC 5626 §4.4.2: UDP keep-alives are STUN; a bare CRLF burst is tolerated. Neither is answered.
      emit({ kind: 'keepalive', flow });
    } else if (bytes.length > 0) {
      emit({ kind: 'message', flow, bytes });
    }
  }

  #openFlow(remote: Endpoint): FlowHandle {
    const { table, emit, flowIdleTimeoutMs } = this.#context;
    const flow: Flow = { id: table.nextId(), protocol: 'udp', local: this.#local, remote };
    const handle: FlowHandle = {
      flow,
      write: (bytes) => {
        this.#idleTimers.get(flow.id)?.refresh();
        return this.#send(flow, bytes);
      },
      close: (reason) => {
        clearTimeout(this.#idleTimers.get(flow.id));
        this.#idleTimers.delete(flow.id);
        if (table.get(flow.id) === handle) {
          table.remove(flow);
          emit({ kind: 'flowClosed', flow, reason });
        }
        return Promise.resolve();
      },
    };
    const timer = setTimeout(() => void handle.close('idle timeout'), flowIdleTimeoutMs);
    timer.unref();
    this.#idleTimers.set(flow.id, timer);
    table.add(handle);
    return handle;
  }

  #send(flow: Flow, bytes: Uint8Array): Promise<SendResult> {
    const { address, port } = flow.remote;
    const target = this.#ipv6 && isIPv4(address) ? `::ffff:${address}` : address;
    return new Promise((resolve) => {
      try {
        this.#socket.send(bytes, port, target, (error) =>
          resolve(error ? { ok: false, error: error.message } : { ok: true, flow }),
        );
      } catch (error) {
        // The socket was closed under us.
        resolve({ ok: false, error: (error as Error).message });
      }
    });
  }
}

/** CRLF keep-alives (any run of CR and LF) and STUN messages (RFC 5389 §6) are not SIP. */
function isKeepAlive(bytes: Buffer): boolean {
  if (bytes.length > 0 && bytes.every((byte) => byte === 0x0d || byte === 0x0a)) return true;
  return (
    bytes.length >= STUN_HEADER_BYTES &&
    (bytes[0] ?? 0xff) < 0x40 &&
    bytes.readUInt32BE(4) === STUN_MAGIC_COOKIE
  );
}
