import type { Flow, SendResult, TransportProtocol } from './transport.js';

/** An open flow and how to use it. */
export interface FlowHandle {
  readonly flow: Flow;
  write(bytes: Uint8Array): Promise<SendResult>;
  /** Closes (TCP/TLS) or forgets (UDP) the flow; resolves once it is gone. */
  close(reason: string): Promise<void>;
}

/**
 * The open flows of one transport layer, by id and by remote endpoint for connection reuse
 * (RFC 3261 §18.1.1, RFC 5626 §5.2).
 */
export class FlowTable {
  readonly #byId = new Map<string, FlowHandle>();
  readonly #byRemote = new Map<string, string>();
  readonly #idPrefix: string;
  #counter = 0;

  constructor(idPrefix: string) {
    this.#idPrefix = idPrefix;
  }

  nextId(): string {
    this.#counter += 1;
    return `${this.#idPrefix}f${this.#counter}`;
  }

  add(handle: FlowHandle): void {
    const { flow } = handle;
    this.#byId.set(flow.id, handle);
    this.#byRemote.set(remoteKey(flow.protocol, flow.remote.address, flow.remote.port), flow.id);
  }

  remove(flow: Flow): void {
    this.#byId.delete(flow.id);
    const key = remoteKey(flow.protocol, flow.remote.address, flow.remote.port);
    if (this.#byRemote.get(key) === flow.id) this.#byRemote.delete(key);
  }

  get(id: string): FlowHandle | undefined {
    return this.#byId.get(id);
  }

  findByRemote(protocol: TransportProtocol, address: string, port: number): FlowHandle | undefined {
    const id = this.#byRemote.get(remoteKey(protocol, address, port));
    return id === undefined ? undefined : this.#byId.get(id);
  }

  size(): number {
    return this.#byId.size;
  }

  handles(): FlowHandle[] {
    return [...this.#byId.values()];
  }
}

function remoteKey(protocol: TransportProtocol, address: string, port: number): string {
  return `${protocol} ${address} ${port}`;
}
