import { createServer, type Server } from 'node:net';
import type { ConnectionLimiter } from './connection-limiter.js';
import { openStreamFlow, type StreamFlowContext } from './stream-flow.js';

/** A SIP-over-TCP server (RFC 3261 §18): every accepted connection becomes a flow. */
export function createTcpServer(context: StreamFlowContext, limiter: ConnectionLimiter): Server {
  const server = createServer({ noDelay: true }, (socket) => {
    if (openStreamFlow(socket, 'tcp', context) === null) socket.destroy();
  });
  limiter.guard(server);
  return server;
}
