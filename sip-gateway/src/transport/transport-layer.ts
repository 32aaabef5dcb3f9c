import { err, ok, type Result } from '../message/result.js';
import { isIpAddress, isUnspecifiedAddress, normalizeAddress } from './address.js';
import { connectStream } from './connect-stream.js';
import { ConnectionLimiter } from './connection-limiter.js';
import { type FlowHandle, FlowTable } from './flow-table.js';
import { listen, type StreamListener } from './listen.js';
import { openStreamFlow, type StreamFlowContext } from './stream-flow.js';
import { createTcpServer } from './tcp-listener.js';
import { createTlsServer, loadTlsMaterial, type TlsMaterial } from './tls-listener.js';
import type { Endpoint, Flow, ITransportLayer, SendResult, SendTarget, TransportEvent } from './transport.js';
import {
  resolveTransportOptions,
  type TransportLayerInit,
  type TransportLayerOptions,
} from './transport-options.js';
import { UdpListener } from './udp-listener.js';

/** Ports actually bound (ephemeral ones resolved); null when that transport is disabled. */
export interface BoundPorts {
  readonly udp: number | null;
  readonly tcp: number | null;
  readonly tls: number | null;
}

type State = 'new' | 'started' | 'stopped' | 'closed';

/**
 * UDP, TCP and TLS transports behind one `ITransportLayer` (RFC 3261 §18): owns the flow table
 * and reports every `TransportEvent` to one handler.
 */
export class TransportLayer implements ITransportLayer {
  readonly #options: TransportLayerOptions;
  readonly #onEvent: (event: TransportEvent) => void;
  readonly #table: FlowTable;
  readonly #limiter: ConnectionLimiter;
  readonly #streamContext: StreamFlowContext;
  readonly #pendingConnects = new Map<string, Promise<Result<FlowHandle>>>();
  #state: State = 'new';
  #udp: UdpListener | null = null;
  #tcp: StreamListener | null = null;
  #tls: StreamListener | null = null;
  #tlsMaterial: TlsMaterial | null = null;

  constructor(options: TransportLayerInit, onEvent: (event: TransportEvent) => void) {
    this.#options = resolveTransportOptions(options);
    this.#onEvent = onEvent;
    this.#table = new FlowTable(this.#options.flowIdPrefix);
    this.#limiter = new ConnectionLimiter(this.#options.maxConnectionsPerSourceAddress);
    this.#streamContext = {
      table: this.#table,
      emit: this.#emit,
      maxMessageBytes: this.#options.maxMessageBytes,
      flowIdleTimeoutMs: this.#options.flowIdleTimeoutMs,
      maxQueuedSendBytes: this.#options.maxQueuedSendBytes,
    };
  }

  /** Binds the enabled listeners; on any failure the ones already bound are closed again. */
  async start(): Promise<Result<BoundPorts>> {
    if (this.#state !== 'new') return err(`cannot start a transport layer that is ${this.#state}`);
    this.#state = 'started';
    const started = await this.#bindAll();
    if (!started.ok) {
      await this.close();
      return started;
    }
    return ok(this.ports());
  }

  ports(): BoundPorts {
    return { udp: this.#udp?.port() ?? null, tcp: this.#tcp?.port ?? null, tls: this.#tls?.port ?? null };
  }

  flowCount(): number {
    return this.#table.size();
  }

  /** The flow with this id while it is open. */
  flow(flowId: string): Flow | undefined {
    return this.#table.get(flowId)?.flow;
  }

  /**
   * Sends on `target.flowId` if that flow is open; else reuses an open flow to the same
   * protocol, address and port (RFC 3261 §18.1.1, RFC 5626 §5.2); else sends from the UDP
   * socket or opens a TCP/TLS connection, which becomes a flow read like an accepted one.
   */
  async send(target: SendTarget, bytes: Uint8Array): Promise<SendResult> {
    if (this.#state === 'new' || this.#state === 'closed') return err(`transport layer is ${this.#state}`);
    const pinned = target.flowId === undefined ? undefined : this.#table.get(target.flowId);
    if (pinned !== undefined) return pinned.write(bytes);
    const remote = { address: normalizeAddress(target.address), port: target.port };
    if (!isIpAddress(remote.address)) return err(`not an IP address: ${target.address}`);
    if (!Number.isInteger(remote.port) || remote.port < 1 || remote.port > 65_535) {
      return err(`invalid port: ${target.port}`);
    }
    const reusable = this.#table.findByRemote(target.protocol, remote.address, remote.port);
    if (reusable !== undefined) return reusable.write(bytes);
    if (target.protocol === 'udp')
      return this.#udp ? this.#udp.sendTo(remote, bytes) : err('UDP is not enabled');
    const connected = await this.#connect(target.protocol, remote);
    return connected.ok ? connected.value.write(bytes) : connected;
  }

  /** Stops intake: listeners close and UDP ignores new remotes; open flows keep working. */
  async stop(): Promise<void> {
    if (this.#state !== 'started') return;
    this.#state = 'stopped';
    this.#udp?.stopIntake();
    this.#tcp?.stopAccepting();
    this.#tls?.stopAccepting();
  }

  /** Stops intake and closes every flow and socket; resolves when all are closed. */
  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    await this.stop();
    this.#state = 'closed';
    await Promise.all(this.#table.handles().map((handle) => handle.close('transport closed')));
    await Promise.all([this.#tcp?.close(), this.#tls?.close(), this.#udp?.close()]);
  }

  async #bindAll(): Promise<Result<void>> {
    const options = this.#options;
    if (options.tls !== null) {
      const material = await loadTlsMaterial(options.tls);
      if (!material.ok) return material;
      this.#tlsMaterial = material.value;
    }
    const address = options.bindAddress;
    if (options.udpPort !== null) {
      const udp = await UdpListener.bind(address, options.udpPort, {
        ...this.#streamContext,
        receiveBufferBytes: options.udpReceiveBufferBytes,
      });
      if (!udp.ok) return err(`UDP ${address}:${options.udpPort}: ${udp.error}`);
      this.#udp = udp.value;
    }
    if (options.tcpPort !== null) {
      const tcp = await listen(createTcpServer(this.#streamContext, this.#limiter), address, options.tcpPort);
      if (!tcp.ok) return err(`TCP ${address}:${options.tcpPort}: ${tcp.error}`);
      this.#tcp = tcp.value;
    }
    if (options.tlsPort !== null) {
      if (this.#tlsMaterial === null) return err('tlsPort is set but tls options are missing');
      const server = createTlsServer(
        this.#tlsMaterial,
        options.connectTimeoutMs,
        this.#streamContext,
        this.#limiter,
      );
      const tls = await listen(server, address, options.tlsPort);
      if (!tls.ok) return err(`TLS ${address}:${options.tlsPort}: ${tls.error}`);
      this.#tls = tls.value;
    }
    return ok(undefined);
  }

  /** One connection attempt per destination at a time; concurrent sends share it. */
  #connect(protocol: 'tcp' | 'tls', remote: Endpoint): Promise<Result<FlowHandle>> {
    const key = `${protocol} ${remote.address} ${remote.port}`;
    const pending = this.#pendingConnects.get(key);
    if (pending !== undefined) return pending;
    const attempt = this.#openConnection(protocol, remote).finally(() => this.#pendingConnects.delete(key));
    this.#pendingConnects.set(key, attempt);
    return attempt;
  }

  async #openConnection(protocol: 'tcp' | 'tls', remote: Endpoint): Promise<Result<FlowHandle>> {
    const { bindAddress, connectTimeoutMs } = this.#options;
    const socket = await connectStream(protocol, remote, {
      localAddress: isUnspecifiedAddress(bindAddress) ? null : bindAddress,
      connectTimeoutMs,
      tls: this.#tlsMaterial,
    });
    if (!socket.ok) return socket;
    if (this.#state === 'closed') {
      socket.value.destroy();
      return err('transport layer is closed');
    }
    const handle = openStreamFlow(socket.value, protocol, this.#streamContext);
    return handle === null ? err('connection closed before use') : ok(handle);
  }

  /** The handler is the layer above; a bug there must not break the socket read loop. */
  readonly #emit = (event: TransportEvent): void => {
    try {
      this.#onEvent(event);
    } catch (error) {
      console.error('transport event handler failed', error);
    }
  };
}
