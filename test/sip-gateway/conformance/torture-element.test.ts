/**
 * RFC 4475 §3 messages that parse but need a specific reaction from the element. Each is sent as
 * published over a real TCP connection to a gateway that is the UAS for `example.com`, the host
 * most of these messages address; the manifest's expected status is checked on the wire.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startTestGateway } from '#test/support/gateway-fixture.js';
import { TestUa } from '#test/support/test-ua.js';

const TORTURE = resolve(import.meta.dirname, '../../../../shared/torture');

/** Expected status per message; the note says which role of the manifest applies. */
const CASES: ReadonlyArray<{ file: string; status: number; role: string }> = [
  { file: 'intmeth', status: 501, role: 'UAS: unknown method (§8.2.1)' },
  { file: 'esc02', status: 501, role: 'UAS: RE%47IST%45R is not REGISTER (§8.2.1)' },
  { file: 'badvers', status: 505, role: 'SIP/7.0 (§8.2.2)' },
  { file: 'mismatch02', status: 400, role: 'alternative status: CSeq method ≠ request method' },
  { file: 'unkscm', status: 416, role: 'unknown Request-URI scheme (§16.3 step 2)' },
  { file: 'novelsc', status: 416, role: 'unknown Request-URI scheme (§16.3 step 2)' },
  {
    file: 'bext01',
    status: 420,
    role: 'UAS: unsupported Require and Proxy-Require (§8.2.2.3, §16.3 step 5)',
  },
  {
    file: 'zeromf',
    status: 200,
    role: 'UAS of the OPTIONS: processed normally (manifest status_by_role.uas)',
  },
  {
    file: 'invut',
    status: 480,
    role: 'proxy: processed like any other INVITE (manifest status_by_role.proxy)',
  },
];

let fixture: GatewayFixture;
beforeAll(async () => {
  fixture = await startTestGateway(
    {
      route: async () => ({
        version: 1,
        action: 'respond',
        status: 480,
        reason: 'Temporarily Unavailable',
        headers: [],
      }),
    },
    { advertisedAddress: 'example.com' },
  );
});
afterAll(async () => {
  await fixture.stop();
});

async function send(file: string): Promise<TestUa> {
  const port = fixture.gateway.ports.tcp;
  if (port === null) throw new Error('tcp is not listening');
  const ua = await TestUa.open({ protocol: 'tcp', port });
  await ua.send(readFileSync(resolve(TORTURE, 'rfc4475', `${file}.dat`)));
  return ua;
}

describe('RFC 4475 messages that need an element reaction', () => {
  for (const { file, status, role } of CASES) {
    it(`MUST answer ${file} with ${status} (${role})`, async () => {
      const ua = await send(file);
      try {
        const response = await ua.finalResponse();
        expect(response.status).toBe(status);
        expect(response.base.callId.startsWith(file)).toBe(true);
      } finally {
        await ua.close();
      }
    });
  }

  it('MUST drop bcast, a response naming no transaction of its own (RFC 4475 §3.3.15)', async () => {
    const ua = await send('bcast');
    try {
      await ua.send(ua.build({ method: 'OPTIONS', uri: 'sip:example.com', callId: 'after-bcast' }));
      const next = await ua.response();
      expect(next.base.callId).toBe('after-bcast');
    } finally {
      await ua.close();
    }
  });
});
