import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startTestGateway } from '#test/support/gateway-fixture.js';
import { TestUa } from '#test/support/test-ua.js';

const VALID = [
  'OPTIONS sip:127.0.0.1 SIP/2.0',
  'Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bKfuzz;rport',
  'Max-Forwards: 70',
  'From: <sip:fuzz@127.0.0.1>;tag=1',
  'To: <sip:127.0.0.1>',
  'Call-ID: fuzz-1',
  'CSeq: 1 OPTIONS',
  'Contact: <sip:fuzz@127.0.0.1:5999>;expires=60;q=0.5',
  'Content-Length: 0',
  '',
  '',
].join('\r\n');

/** Random bytes, and the valid message cut, spliced and bit-flipped. */
const hostileMessage = fc.oneof(
  fc.uint8Array({ maxLength: 600 }),
  fc
    .tuple(fc.nat(VALID.length), fc.nat(VALID.length), fc.uint8Array({ minLength: 1, maxLength: 40 }))
    .map(([at, cut, junk]) => {
      const bytes = Buffer.from(VALID);
      return Buffer.concat([bytes.subarray(0, at), junk, bytes.subarray(Math.min(at + cut, bytes.length))]);
    }),
);

let fixture: GatewayFixture;
beforeAll(async () => {
  fixture = await startTestGateway();
});
afterAll(async () => {
  await fixture.stop();
});

describe('the gateway under hostile input', () => {
  it('keeps serving after 300 random or mutated datagrams and stream messages', async () => {
    const { udp, tcp } = fixture.gateway.ports;
    if (udp === null || tcp === null) throw new Error('not listening');
    const sender = await TestUa.open({ protocol: 'udp', port: udp });
    await fc.assert(
      fc.asyncProperty(hostileMessage, fc.boolean(), async (bytes, overTcp) => {
        if (!overTcp) {
          await sender.send(bytes);
          return;
        }
        const stream = await TestUa.open({ protocol: 'tcp', port: tcp });
        await stream.send(bytes);
        await stream.close();
      }),
      { numRuns: 300 },
    );
    await sender.close();
    const probe = await TestUa.open({ protocol: 'udp', port: udp });
    const response = await probe.call({ method: 'OPTIONS', uri: 'sip:127.0.0.1' });
    await probe.close();
    expect(response.status).toBe(200);
  });
});
