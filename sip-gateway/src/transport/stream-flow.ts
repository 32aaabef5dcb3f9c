import type { Socket } from 'node:net';
import { createStreamFramer } from '../parser/stream-framer.js';
import { normalizeAddress } from './address.js';
import type { FlowHandle, FlowTable } from './flow-table.js';
import type { SendResult, TransportEvent } from './transport.js';

export interface StreamFlowContext {
  readonly table: FlowTable;
  readonly emit: (event: TransportEvent) => void;
  readonly maxMessageBytes: number;
  readonly flowIdleTimeoutMs: number;
  readonly maxQueuedSendBytes: number;
}

/** RFC 5626 §4.4.1: the pong answering a CRLFCRLF ping is a single CRLF. */
const PONG = Buffer.from('\r\n');

/**
 * Turns a connected TCP or TLS socket (accepted or opened by us) into a flow: frames what it
 * reads, answers keep-alive pings, closes it when idle or unframeable, and reports it closed.
 * Returns null when the socket is already gone.
 */
export function openStreamFlow(
  socket: Socket,
  protocol: 'tcp' | 'tls',
  context: StreamFlowContext,
): FlowHandle | null {
  const { remoteAddress, remotePort, localAddress, localPort } = socket;
  if (socket.destroyed || remoteAddress === undefined || remotePort === undefined) return null;
  if (localAddress === undefined || localPort === undefined) return null;
  const flow = {
    id: context.table.nextId(),
    protocol,
    local: { address: normalizeAddress(localAddress), port: localPort },
    remote: { address: normalizeAddress(remoteAddress), port: remotePort },
  } as const;
  const framer = createStreamFramer({ maxMessageBytes: context.maxMessageBytes });
  let closeReason: string | null = null;
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));

  function end(reason: string): void {
    closeReason ??= reason;
    socket.destroy();
  }

  socket.setNoDelay(true);
  socket.setTimeout(context.flowIdleTimeoutMs, () => end('idle timeout'));
  socket.on('error', (error) => {
    closeReason ??= `socket error: ${error.message}`;
  });
  socket.on('data', (chunk: Buffer) => {
    for (const event of framer.push(chunk)) {
      if (event.kind === 'message') {
        context.emit({ kind: 'message', flow, bytes: event.bytes });
      } else if (event.kind === 'ping') {
        socket.write(PONG);
        context.emit({ kind: 'keepalive', flow });
      } else {
        // RFC 4475 §3.1.2.3: a framing error on a stream is unrecoverable; close the connection.
        context.emit({ kind: 'framingError', flow, reason: event.reason });
        end(`framing error: ${event.reason}`);
      }
    }
  });
  socket.once('close', () => {
    context.table.remove(flow);
    context.emit({ kind: 'flowClosed', flow, reason: closeReason ?? 'closed by peer' });
  });

  const handle: FlowHandle = {
    flow,
    write(bytes) {
      if (socket.destroyed || !socket.writable) return Promise.resolve(failure('flow is closed'));
      if (socket.writableLength > context.maxQueuedSendBytes)
        return Promise.resolve(failure('send queue is full'));
      return new Promise((resolve) => {
        socket.write(bytes, (error) => resolve(error ? failure(error.message) : { ok: true, flow }));
      });
    },
    close(reason) {
      end(reason);
      return closed;
    },
  };
  context.table.add(handle);
  return handle;
}

function failure(error: string): SendResult {
  return { ok: false, error };
}
