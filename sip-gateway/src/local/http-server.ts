import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export interface LocalHttpServerOptions {
  /** Loopback address, e.g. 127.0.0.1. */
  readonly host: string;
  /** 0 for an ephemeral port. */
  readonly port: number;
  /** The admin API (local runtime); without it every path but /health is 404 (gateway tasks). */
  readonly adminHandler?: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
  readonly isHealthy: () => boolean;
  /** Larger bodies get 413; default 64 KiB. */
  readonly maxBodyBytes?: number;
}

export interface LocalHttpServer {
  readonly port: number;
  /** The origins clients on this machine reach it at (TwiML Bin URLs start with one of them). */
  readonly origins: readonly string[];
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-length': Buffer.byteLength(body).toString(), ...headers });
  res.end(body);
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | 'tooLarge'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.removeAllListeners('data');
        req.pause();
        resolve('tooLarge');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The shape API Gateway HTTP API (payload v2) gives Lambda, built from a node:http request. */
function toEvent(req: IncomingMessage, url: URL, body: Buffer): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const method = req.method ?? 'GET';
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: `local-${now.toString(36)}`,
      routeKey: '$default',
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    body: body.length === 0 ? undefined : body.toString('base64'),
    isBase64Encoded: true,
  };
}

/** `GET /health`, plus the admin handler behind the same event shape as API Gateway (one code path with Lambda). */
/** The server's own address, and the loopback names when it listens on loopback or everywhere. */
function localOrigins(host: string, port: number): readonly string[] {
  const names = new Set([host.includes(':') ? `[${host}]` : host]);
  if (['0.0.0.0', '::', '127.0.0.1', '::1'].includes(host)) {
    names.add('127.0.0.1');
    names.add('localhost');
  }
  return [...names].map((name) => `http://${name}:${port}`);
}

export function startLocalHttpServer(options: LocalHttpServerOptions): Promise<LocalHttpServer> {
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;
  const server = createServer((req, res) => {
    void (async () => {
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://local');
      } catch {
        send(res, 400, '{"status":"bad request"}');
        return;
      }
      if (url.pathname === '/health' && req.method === 'GET') {
        const healthy = options.isHealthy();
        send(res, healthy ? 200 : 503, JSON.stringify({ status: healthy ? 'ok' : 'unavailable' }), {
          'content-type': 'application/json',
        });
        return;
      }
      if (!options.adminHandler) {
        send(res, 404, '{"status":404,"message":"Not Found"}', { 'content-type': 'application/json' });
        return;
      }
      const body = await readBody(req, maxBodyBytes);
      if (body === 'tooLarge') {
        // Answer, then drop the connection instead of reading the rest of the body.
        res.once('finish', () => req.destroy());
        send(res, 413, JSON.stringify({ status: 413, message: `Body larger than ${maxBodyBytes} bytes` }), {
          'content-type': 'application/json',
          connection: 'close',
        });
        return;
      }
      const result = await options.adminHandler(toEvent(req, url, body));
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
      send(res, result.statusCode ?? 200, result.body ?? '', headers);
    })().catch((error: unknown) => {
      console.error('local http server: request failed', error);
      if (!res.headersSent) send(res, 500, '{"status":500,"message":"Internal Server Error"}');
      else res.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      resolve({
        port,
        origins: localOrigins(options.host, port),
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
