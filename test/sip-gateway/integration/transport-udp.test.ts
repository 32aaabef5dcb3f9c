import { afterEach, describe, expect, it } from 'vitest';
import type { TransportEvent } from '#sip/transport/transport.js';
import { TransportLayer } from '#sip/transport/transport-layer.js';
import type { TransportLayerInit } from '#sip/transport/transport-options.js';
import { EventLog, openRawSipClient, type RawSipClient } from '#test/support/raw-sip-client.js';

const LOOPBACK = '127.0.0.1';

function sipMessage(callId: string, body = ''): string {
  return [
    'OPTIONS sip:bob@127.0.0.1 SIP/2.0',
    'Via: SIP/2.0/UDP 127.0.0.1:5070;rport;branch=z9hG4bK-1',
    `Call-ID: ${callId}`,
    'CSeq: 1 OPTIONS',
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');
const isMessage = (callId: string) => (event: TransportEvent) =>
  event.kind === 'message' && text(event.bytes).includes(`Call-ID: ${callId}\r\n`);

describe('UDP transport (RFC 3261 §18, RFC 5626 §3)', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function startLayer(
    init: TransportLayerInit = {},
  ): Promise<{ layer: TransportLayer; log: EventLog<TransportEvent>; port: number }> {
    const log = new EventLog<TransportEvent>();
    const layer = new TransportLayer(
      { bindAddress: LOOPBACK, udpPort: 0, tcpPort: null, ...init },
      log.record,
    );
    const started = await layer.start();
    if (!started.ok || started.value.udp === null)
      throw new Error(`start failed: ${JSON.stringify(started)}`);
    cleanups.push(() => layer.close());
    return { layer, log, port: started.value.udp };
  }

  async function client(port: number): Promise<RawSipClient> {
    const opened = await openRawSipClient({ protocol: 'udp', port });
    cleanups.push(() => opened.close());
    return opened;
  }

  it('MUST deliver each datagram as one message on a flow keyed by the remote ip:port (RFC 5626 §3)', async () => {
    const { log, port } = await startLayer();
    const phone = await client(port);
    await phone.send(sipMessage('one'));
    await phone.send(sipMessage('two'));
    const one = await log.next(isMessage('one'));
    const two = await log.next(isMessage('two'));
    expect(one.kind === 'message' && text(one.bytes)).toBe(sipMessage('one'));
    expect(one.flow).toEqual(two.flow);
    expect(one.flow).toMatchObject({
      protocol: 'udp',
      local: { port },
      remote: { address: LOOPBACK, port: phone.localPort },
    });
  });

  it('MUST send responses from the listening socket to the flow it came on (RFC 3581 §4)', async () => {
    const { layer, log, port } = await startLayer();
    const phone = await client(port);
    await phone.send(sipMessage('req'));
    const { flow } = await log.next(isMessage('req'));
    expect(
      await layer.send(
        { protocol: 'udp', address: LOOPBACK, port: 9, flowId: flow.id },
        Buffer.from(sipMessage('resp')),
      ),
    ).toEqual({
      ok: true,
      flow,
    });
    expect(await phone.receive()).toBe(sipMessage('resp'));
  });

  it('MUST send to a new remote from the listening socket, creating a flow its answers arrive on', async () => {
    const { layer, log } = await startLayer();
    const { udp: serverPort } = layer.ports();
    const phone = await client(serverPort ?? 0);
    const sent = await layer.send(
      { protocol: 'udp', address: LOOPBACK, port: phone.localPort },
      Buffer.from(sipMessage('invite')),
    );
    if (!sent.ok) throw new Error(sent.error);
    expect(sent.flow.local.port).toBe(serverPort);
    expect(await phone.receive()).toBe(sipMessage('invite'));
    await phone.send(sipMessage('answer'));
    expect((await log.next(isMessage('answer'))).flow.id).toBe(sent.flow.id);
  });

  it('MUST drop a datagram larger than maxMessageBytes and report it', async () => {
    const { layer, log, port } = await startLayer({ maxMessageBytes: 500 });
    const phone = await client(port);
    await phone.send(sipMessage('big', 'x'.repeat(600)));
    expect(await log.next((event) => event.kind === 'framingError')).toMatchObject({
      reason: 'datagram exceeds maxMessageBytes',
    });
    await phone.send(sipMessage('small'));
    await log.next(isMessage('small'));
    expect(log.events.filter((event) => event.kind === 'message')).toHaveLength(1);
    expect(layer.flowCount()).toBe(1);
  });

  it('MUST report a CRLFCRLF datagram as a keep-alive, not a message (RFC 5626 §4.4.2)', async () => {
    const { log, port } = await startLayer();
    const phone = await client(port);
    await phone.send('\r\n\r\n');
    await phone.send(sipMessage('after'));
    expect((await log.next(() => true)).kind).toBe('keepalive');
    await log.next(isMessage('after'));
  });

  it('MUST report a STUN binding request as a keep-alive (RFC 5626 §4.4.2)', async () => {
    const { log, port } = await startLayer();
    const phone = await client(port);
    const stun = Buffer.alloc(20);
    stun.writeUInt16BE(0x0001, 0);
    stun.writeUInt32BE(0x2112a442, 4);
    await phone.send(stun);
    expect((await log.next(() => true)).kind).toBe('keepalive');
  });

  it('MUST forget a UDP flow after flowIdleTimeoutMs without traffic', async () => {
    const { layer, log, port } = await startLayer({ flowIdleTimeoutMs: 200 });
    const phone = await client(port);
    await phone.send(sipMessage('hello'));
    const { flow } = await log.next(isMessage('hello'));
    expect(await log.next((event) => event.kind === 'flowClosed')).toEqual({
      kind: 'flowClosed',
      flow,
      reason: 'idle timeout',
    });
    expect(layer.flowCount()).toBe(0);
  });

  it('MUST ignore new remotes after stop() but keep serving existing flows', async () => {
    const { layer, log, port } = await startLayer();
    const known = await client(port);
    await known.send(sipMessage('known-1'));
    await log.next(isMessage('known-1'));
    await layer.stop();
    const stranger = await client(port);
    await stranger.send(sipMessage('stranger'));
    await known.send(sipMessage('known-2'));
    await log.next(isMessage('known-2'));
    expect(log.events.some(isMessage('stranger'))).toBe(false);
    expect(layer.flowCount()).toBe(1);
  });
});
