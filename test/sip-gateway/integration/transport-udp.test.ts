import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GATEWAY_CONFIG_DEFAULTS } from '#sip/config/gateway-config.js';
import {
  isMessage,
  LOOPBACK,
  optionsMessage,
  text,
  transportHarness,
} from '#test/support/transport-harness.js';

describe('UDP transport (RFC 3261 §18, RFC 5626 §3)', () => {
  const { startLayer, client } = transportHarness('udp');

  it('MUST deliver each datagram as one message on a flow keyed by the remote ip:port (RFC 5626 §3)', async () => {
    const { log, port } = await startLayer();
    const phone = await client(port);
    await phone.send(optionsMessage('udp', 'one'));
    await phone.send(optionsMessage('udp', 'two'));
    const one = await log.next(isMessage('one'));
    const two = await log.next(isMessage('two'));
    expect(one.kind === 'message' && text(one.bytes)).toBe(optionsMessage('udp', 'one'));
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
    await phone.send(optionsMessage('udp', 'req'));
    const { flow } = await log.next(isMessage('req'));
    expect(
      await layer.send(
        { protocol: 'udp', address: LOOPBACK, port: 9, flowId: flow.id },
        Buffer.from(optionsMessage('udp', 'resp')),
      ),
    ).toEqual({
      ok: true,
      flow,
    });
    expect(await phone.receive()).toBe(optionsMessage('udp', 'resp'));
  });

  it('MUST send to a new remote from the listening socket, creating a flow its answers arrive on', async () => {
    const { layer, log } = await startLayer();
    const { udp: serverPort } = layer.ports();
    const phone = await client(serverPort ?? 0);
    const sent = await layer.send(
      { protocol: 'udp', address: LOOPBACK, port: phone.localPort },
      Buffer.from(optionsMessage('udp', 'invite')),
    );
    if (!sent.ok) throw new Error(sent.error);
    expect(sent.flow.local.port).toBe(serverPort);
    expect(await phone.receive()).toBe(optionsMessage('udp', 'invite'));
    await phone.send(optionsMessage('udp', 'answer'));
    expect((await log.next(isMessage('answer'))).flow.id).toBe(sent.flow.id);
  });

  // Linux grants SO_RCVBUF up to net.core.rmem_max; below the default asked for, there is nothing to check.
  const rmemMaxBytes = Number(readFileSync('/proc/sys/net/core/rmem_max', 'utf8'));
  it.skipIf(rmemMaxBytes < GATEWAY_CONFIG_DEFAULTS.udpReceiveBufferBytes)(
    'MUST keep a burst of datagrams that arrives while the event loop is busy (udpReceiveBufferBytes)',
    async () => {
      const { log, port } = await startLayer();
      const sender = createSocket('udp4');
      await new Promise<void>((bound) => sender.bind(0, LOOPBACK, bound));
      const burst = 1_000;
      // One synchronous loop: every datagram is queued at the listener before it can read any.
      for (let i = 0; i < burst; i++) {
        sender.send(optionsMessage('udp', `burst-${i}`, 'x'.repeat(900)), port, LOOPBACK);
      }
      await log.next(isMessage(`burst-${burst - 1}`));
      sender.close();
      expect(log.events.filter((event) => event.kind === 'message')).toHaveLength(burst);
    },
  );

  it('MUST drop a datagram larger than maxMessageBytes and report it', async () => {
    const { layer, log, port } = await startLayer({ maxMessageBytes: 500 });
    const phone = await client(port);
    await phone.send(optionsMessage('udp', 'big', 'x'.repeat(600)));
    expect(await log.next((event) => event.kind === 'framingError')).toMatchObject({
      reason: 'datagram exceeds maxMessageBytes',
    });
    await phone.send(optionsMessage('udp', 'small'));
    await log.next(isMessage('small'));
    expect(log.events.filter((event) => event.kind === 'message')).toHaveLength(1);
    expect(layer.flowCount()).toBe(1);
  });

  it('MUST report a CRLFCRLF datagram as a keep-alive, not a message (RFC 5626 §4.4.2)', async () => {
    const { log, port } = await startLayer();
    const phone = await client(port);
    await phone.send('\r\n\r\n');
    await phone.send(optionsMessage('udp', 'after'));
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
    await phone.send(optionsMessage('udp', 'hello'));
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
    await known.send(optionsMessage('udp', 'known-1'));
    await log.next(isMessage('known-1'));
    await layer.stop();
    const stranger = await client(port);
    await stranger.send(optionsMessage('udp', 'stranger'));
    await known.send(optionsMessage('udp', 'known-2'));
    await log.next(isMessage('known-2'));
    expect(log.events.some(isMessage('stranger'))).toBe(false);
    expect(layer.flowCount()).toBe(1);
  });
});
