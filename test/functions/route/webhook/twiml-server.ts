import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** A request as the customer's web server saw it. */
export interface ReceivedRequest {
  readonly method: string;
  /** `http://127.0.0.1:<port>` + the request target: the URL a webhook validator checks. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export type Responder = (request: ReceivedRequest, response: ServerResponse) => void;

export interface TwimlServer {
  readonly baseUrl: string;
  readonly requests: ReceivedRequest[];
  /** TCP connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/** A local web server on an ephemeral loopback port, answering each path with its responder. */
export async function startTwimlServer(
  routes: Readonly<Record<string, Responder>>,
  tls?: { readonly cert: string; readonly key: string },
): Promise<TwimlServer> {
  const requests: ReceivedRequest[] = [];
  const scheme = tls === undefined ? 'http' : 'https';
  const server: Server = tls === undefined ? createServer() : createTlsServer(tls);
  let connections = 0;
  server.on(tls === undefined ? 'connection' : 'secureConnection', () => connections++);
  server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const { port } = server.address() as AddressInfo;
      const received = {
        method: req.method ?? '',
        url: `${scheme}://127.0.0.1:${port}${req.url}`,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(received);
      const responder = routes[new URL(received.url).pathname];
      if (responder === undefined) res.writeHead(404).end('not found');
      else responder(received, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `${scheme}://127.0.0.1:${port}`,
    requests,
    connections: () => connections,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers with TwiML. */
export const twiml =
  (body: string, contentType = 'text/xml; charset=utf-8'): Responder =>
  (_request, response) =>
    response.writeHead(200, { 'Content-Type': contentType }).end(body);

export const HANGUP = '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>';
