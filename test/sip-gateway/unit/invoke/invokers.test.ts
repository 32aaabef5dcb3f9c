import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLER_CONTRACT_VERSION, type SipRequestEvent } from '#sip/contract/handler-events.js';
import { InProcessInvoker } from '#sip/invoke/in-process-invoker.js';
import { LambdaInvoker } from '#sip/invoke/lambda-invoker.js';

const event: SipRequestEvent = {
  version: HANDLER_CONTRACT_VERSION,
  type: 'sip-request',
  handler: 'register',
  method: 'REGISTER',
  requestUri: 'sip:acme.sip.localhost',
  raw: 'REGISTER sip:acme.sip.localhost SIP/2.0\r\n\r\n',
  transport: 'udp',
  source: { address: '127.0.0.1', port: 5070 },
  edge: 'ashburn',
  instanceId: 'i-1',
  relayAddress: '127.0.0.1:5060',
  flowId: 'f1',
  receivedAtMs: 1,
};
const ok = { version: 1, action: 'respond', status: 200, reason: 'OK', headers: [] };
const limits = { timeoutMs: 300, retries: 2 };

describe('InProcessInvoker', () => {
  it('passes the event through a JSON round trip and returns a valid result', async () => {
    let received: unknown;
    const invoker = new InProcessInvoker(
      {
        register: async (e) => {
          received = e;
          return ok;
        },
      },
      limits,
    );
    expect(await invoker.invoke(event)).toEqual({ ok: true, result: ok });
    expect(received).toEqual(event);
    expect(received).not.toBe(event);
  });

  it('reports each failure as a value: not configured, thrown, bad result, timeout', async () => {
    const invoker = new InProcessInvoker(
      {
        register: async () => {
          throw new Error('boom');
        },
        route: async () => ({ status: 'two hundred' }),
        auth: () => new Promise(() => {}),
      },
      limits,
    );
    expect(await new InProcessInvoker({}, limits).invoke(event)).toMatchObject({
      ok: false,
      failure: 'not-configured',
    });
    expect(await invoker.invoke(event)).toMatchObject({ ok: false, failure: 'handler-error' });
    expect(await invoker.invoke({ ...event, handler: 'route' })).toMatchObject({
      ok: false,
      failure: 'bad-result',
    });
    expect(await invoker.invoke({ ...event, handler: 'auth' })).toMatchObject({
      ok: false,
      failure: 'timeout',
    });
  });
});

/** A local Lambda Invoke API (POST /2015-03-31/functions/{name}/invocations) for the real SDK client. */
describe('LambdaInvoker against a local Invoke API', () => {
  let server: Server;
  let client: LambdaClient;
  let attempts = 0;
  const received: unknown[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const name = decodeURIComponent(/functions\/([^/]+)\/invocations/.exec(req.url ?? '')?.[1] ?? '');
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push(JSON.parse(Buffer.concat(chunks).toString() || 'null'));
        const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(JSON.stringify(body));
        };
        if (name === 'register-fn') return reply(200, ok);
        if (name === 'flaky-fn') {
          attempts++;
          return attempts < 3
            ? reply(429, { message: 'Rate exceeded' }, { 'x-amzn-errortype': 'TooManyRequestsException' })
            : reply(200, ok);
        }
        if (name === 'crash-fn')
          return reply(200, { errorMessage: 'boom' }, { 'x-amz-function-error': 'Unhandled' });
        if (name === 'slow-fn') return void setTimeout(() => reply(200, ok), 1_000);
        reply(404, { message: 'Function not found' }, { 'x-amzn-errortype': 'ResourceNotFoundException' });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new LambdaClient({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  const invokerFor = (name: string) =>
    new LambdaInvoker(client, { register: name }, { timeoutMs: 500, retries: 2 });

  it('invokes the function with the event and returns its result', async () => {
    expect(await invokerFor('register-fn').invoke(event)).toEqual({ ok: true, result: ok });
    expect(received.at(-1)).toEqual(event);
  });

  it('retries throttling within its bounds', async () => {
    expect(await invokerFor('flaky-fn').invoke(event)).toEqual({ ok: true, result: ok });
    expect(attempts).toBe(3);
  });

  it('reports a function error, a missing function and a timeout as failures, never a hang', async () => {
    expect(await invokerFor('crash-fn').invoke(event)).toMatchObject({ ok: false, failure: 'handler-error' });
    expect(await invokerFor('missing-fn').invoke(event)).toMatchObject({
      ok: false,
      failure: 'handler-error',
    });
    expect(await invokerFor('slow-fn').invoke(event)).toMatchObject({ ok: false, failure: 'timeout' });
  });
});
