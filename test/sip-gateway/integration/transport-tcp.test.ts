import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { openRawSipClient } from '#test/support/raw-sip-client.js';
import {
  isMessage,
  LOOPBACK,
  optionsMessage,
  text,
  transportHarness,
} from '#test/support/transport-harness.js';

describe('TCP transport (RFC 3261 §18, RFC 5626)', () => {
  const { startLayer, client, onCleanup } = transportHarness('tcp');

  it('MUST frame messages by Content-Length across writes and within one write (§18.3)', async () => {
    const { log, port } = await startLayer();
    const phone = await client(port);
    const first = optionsMessage('tcp', 'split', 'hello');
    await phone.send(first.slice(0, 20));
    await phone.send(first.slice(20) + optionsMessage('tcp', 'second') + optionsMessage('tcp', 'third'));
    const events = [
      await log.next(isMessage('split')),
      await log.next(isMessage('second')),
      await log.next(isMessage('third')),
    ];
    expect(events.map((event) => event.kind === 'message' && text(event.bytes))).toEqual([
      first,
      optionsMessage('tcp', 'second'),
      optionsMessage('tcp', 'third'),
    ]);
    expect(new Set(events.map((event) => event.flow.id)).size).toBe(1);
    expect(events[0]?.flow).toMatchObject({
      protocol: 'tcp',
      remote: { address: LOOPBACK, port: phone.localPort },
    });
  });

  it('MUST send to a TCP client over the connection it opened (§18.2.2, RFC 5626 flow reuse)', async () => {
    const { layer, log, port } = await startLayer();
    const phone = await client(port);
    await phone.send(optionsMessage('tcp', 'register'));
    const { flow } = await log.next(isMessage('register'));
    const byFlow = await layer.send(
      { protocol: 'tcp', address: LOOPBACK, port: 5060, flowId: flow.id },
      Buffer.from(optionsMessage('tcp', 'response')),
    );
    expect(byFlow).toEqual({ ok: true, flow });
    expect(await phone.receive('Content-Length: 0\r\n\r\n')).toBe(optionsMessage('tcp', 'response'));
    // No flow id: the open connection to the same address and port is reused.
    const byAddress = await layer.send(
      { protocol: 'tcp', address: LOOPBACK, port: phone.localPort },
      Buffer.from(optionsMessage('tcp', 'request')),
    );
    expect(byAddress).toEqual({ ok: true, flow });
    expect(await phone.receive('Content-Length: 0\r\n\r\n')).toBe(optionsMessage('tcp', 'request'));
    expect(layer.flowCount()).toBe(1);
  });

  it('MUST answer a CRLFCRLF ping with a CRLF pong on the same connection (RFC 5626 §4.4.1)', async () => {
    const { log, port } = await startLayer();
    const phone = await client(port);
    await phone.send('\r\n\r\n');
    expect(await phone.receive()).toBe('\r\n');
    expect((await log.next((event) => event.kind === 'keepalive')).flow.remote.port).toBe(phone.localPort);
  });

  it('MUST close a connection that stays idle for flowIdleTimeoutMs', async () => {
    const { layer, log, port } = await startLayer({ flowIdleTimeoutMs: 200 });
    const phone = await client(port);
    await phone.send(optionsMessage('tcp', 'idle'));
    const { flow } = await log.next(isMessage('idle'));
    expect(layer.flow(flow.id)).toEqual(flow);
    await phone.waitForClose();
    expect(await log.next((event) => event.kind === 'flowClosed')).toMatchObject({ reason: 'idle timeout' });
    expect(layer.flow(flow.id)).toBeUndefined();
    expect(layer.flowCount()).toBe(0);
  });

  it('MUST refuse connections beyond maxConnectionsPerSourceAddress at accept', async () => {
    const { layer, log, port } = await startLayer({ maxConnectionsPerSourceAddress: 2 });
    const first = await client(port);
    const second = await client(port);
    await first.send(optionsMessage('tcp', 'first'));
    await second.send(optionsMessage('tcp', 'second'));
    await log.next(isMessage('first'));
    await log.next(isMessage('second'));
    const third = await client(port);
    await third.waitForClose();
    expect(layer.flowCount()).toBe(2);
    // Closing one frees a slot.
    await first.close();
    await log.next((event) => event.kind === 'flowClosed');
    const fourth = await client(port);
    await fourth.send(optionsMessage('tcp', 'fourth'));
    await log.next(isMessage('fourth'));
  });

  it('MUST close the stream when a message exceeds maxMessageBytes', async () => {
    const { log, port } = await startLayer({ maxMessageBytes: 1000 });
    const phone = await client(port);
    await phone.send(optionsMessage('tcp', 'big', 'x'.repeat(1000)));
    expect(await log.next((event) => event.kind === 'framingError')).toMatchObject({
      reason: 'message exceeds maxMessageBytes',
    });
    await phone.waitForClose();
  });

  it('MUST close only the stream that sent unframeable bytes and keep serving others (RFC 4475 §3.1.2.3)', async () => {
    const { layer, log, port } = await startLayer();
    const good = await client(port);
    const bad = await client(port);
    await good.send(optionsMessage('tcp', 'before'));
    await log.next(isMessage('before'));
    await bad.send('\u0000\u0001garbage without any header\r\n\r\n');
    expect(await log.next((event) => event.kind === 'framingError')).toMatchObject({
      reason: 'missing Content-Length on a stream',
      flow: { remote: { port: bad.localPort } },
    });
    await bad.waitForClose();
    await good.send(optionsMessage('tcp', 'after'));
    const { flow } = await log.next(isMessage('after'));
    expect(
      await layer.send({ ...flow.remote, protocol: 'tcp', flowId: flow.id }, Buffer.from('\r\n')),
    ).toMatchObject({ ok: true });
  });

  describe('outbound connections (RFC 3261 §18.1.1)', () => {
    async function peer(
      onData: (socket: Socket, text: string) => void,
    ): Promise<{ server: Server; port: number; accepted: Socket[] }> {
      const accepted: Socket[] = [];
      const server = createServer((socket) => {
        accepted.push(socket);
        socket.on('data', (chunk) => onData(socket, chunk.toString('latin1')));
      });
      await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
      onCleanup(async () => {
        for (const socket of accepted) socket.destroy();
        await new Promise((resolve) => server.close(resolve));
      });
      return { server, accepted, port: (server.address() as AddressInfo).port };
    }

    it('MUST open a connection that becomes a flow, read it like an accepted one and reuse it', async () => {
      const { layer, log } = await startLayer();
      const remote = await peer((socket, received) => {
        if (received.includes('Call-ID: out-1')) socket.write(optionsMessage('tcp', 'reply'));
      });
      const sent = await layer.send(
        { protocol: 'tcp', address: LOOPBACK, port: remote.port },
        Buffer.from(optionsMessage('tcp', 'out-1')),
      );
      if (!sent.ok) throw new Error(sent.error);
      expect(sent.flow).toMatchObject({ protocol: 'tcp', remote: { address: LOOPBACK, port: remote.port } });
      const reply = await log.next(isMessage('reply'));
      expect(reply.flow.id).toBe(sent.flow.id);
      const again = await layer.send(
        { protocol: 'tcp', address: LOOPBACK, port: remote.port },
        Buffer.from(optionsMessage('tcp', 'out-2')),
      );
      expect(again).toEqual({ ok: true, flow: sent.flow });
      expect(remote.accepted).toHaveLength(1);
    });

    it('MUST share one connection attempt between concurrent sends to the same destination', async () => {
      const { layer } = await startLayer();
      const remote = await peer(() => undefined);
      const target = { protocol: 'tcp', address: LOOPBACK, port: remote.port } as const;
      const results = await Promise.all(
        [1, 2, 3].map((n) => layer.send(target, Buffer.from(optionsMessage('tcp', `c${n}`)))),
      );
      expect(new Set(results.map((result) => result.ok && result.flow.id)).size).toBe(1);
      expect(layer.flowCount()).toBe(1);
    });

    it('MUST report a refused connection as a failed send, not an exception', async () => {
      const { layer } = await startLayer();
      const remote = await peer(() => undefined);
      await new Promise((resolve) => remote.server.close(resolve));
      const sent = await layer.send(
        { protocol: 'tcp', address: LOOPBACK, port: remote.port },
        Buffer.from(optionsMessage('tcp', 'x')),
      );
      expect(sent).toMatchObject({ ok: false, error: expect.stringContaining('ECONNREFUSED') });
    });
  });

  it('MUST reject host names: resolution belongs above the transport (RFC 3263)', async () => {
    const { layer } = await startLayer();
    const sent = await layer.send({ protocol: 'tcp', address: 'example.com', port: 5060 }, Buffer.from('x'));
    expect(sent).toEqual({ ok: false, error: 'not an IP address: example.com' });
  });

  it('MUST stop accepting on stop() while open flows keep working, and close them all on close()', async () => {
    const { layer, log, port } = await startLayer();
    const phone = await client(port);
    await phone.send(optionsMessage('tcp', 'open'));
    await log.next(isMessage('open'));
    await layer.stop();
    await expect(openRawSipClient({ protocol: 'tcp', port })).rejects.toThrow(/ECONNREFUSED/);
    await phone.send(optionsMessage('tcp', 'still'));
    await log.next(isMessage('still'));
    await layer.close();
    await phone.waitForClose();
    expect(await log.next((event) => event.kind === 'flowClosed')).toMatchObject({
      reason: 'transport closed',
    });
    expect(layer.flowCount()).toBe(0);
  });
});
