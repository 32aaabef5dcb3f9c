import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SipRequestEvent } from '#sip/contract/handler-events.js';
import { parseMessage } from '#sip/parser/index.js';
import { loopHash, MAGIC_COOKIE } from '#sip/proxy/derive-branch.js';
import { type GatewayFixture, startTestGateway } from '#test/support/gateway-fixture.js';
import { header, TestUa } from '#test/support/test-ua.js';

const seen: SipRequestEvent[] = [];
let fixture: GatewayFixture;

beforeAll(async () => {
  fixture = await startTestGateway({
    register: async (event) => {
      seen.push(event as SipRequestEvent);
      return {
        version: 1,
        action: 'respond',
        status: 200,
        reason: 'OK',
        headers: [{ name: 'Expires', value: '600' }],
      };
    },
    route: async (event) => {
      const uri = (event as SipRequestEvent).requestUri;
      if (uri.startsWith('sip:slow@')) await new Promise((resolve) => setTimeout(resolve, 2_000));
      if (uri.startsWith('sip:broken@')) throw new Error('handler bug');
      if (uri.startsWith('sip:nonsense@')) return { version: 1, action: 'teleport' };
      return { version: 1, action: 'respond', status: 480, reason: 'Temporarily Unavailable', headers: [] };
    },
  });
});
afterAll(async () => {
  await fixture.stop();
});

/** The Via of the hop before the gateway: the test UA itself, so responses come back to it. */
const previousHop = (ua: TestUa) =>
  `SIP/2.0/UDP 127.0.0.1:${ua.client.localPort};branch=z9hG4bKhop${ua.client.localPort}`;

const port = (protocol: 'udp' | 'tcp' | 'tls') => {
  const p = fixture.gateway.ports[protocol];
  if (p === null) throw new Error(`${protocol} is not listening`);
  return p;
};

async function withUa<T>(protocol: 'udp' | 'tcp' | 'tls', fn: (ua: TestUa) => Promise<T>): Promise<T> {
  const ua = await TestUa.open({ protocol, port: port(protocol), tls: { rejectUnauthorized: false } });
  try {
    return await fn(ua);
  } finally {
    await ua.close();
  }
}

describe.each(['udp', 'tcp', 'tls'] as const)('OPTIONS over %s', (protocol) => {
  it('MUST answer OPTIONS with 200 listing Allow, Accept and Supported (RFC 3261 §11.2)', async () => {
    const response = await withUa(protocol, (ua) =>
      ua.call({ method: 'OPTIONS', uri: `sip:127.0.0.1:${port(protocol)}` }),
    );
    expect(response.status).toBe(200);
    expect(header(response, 'Allow')).toContain('INVITE');
    expect(header(response, 'Accept')).toBe('application/sdp');
    expect(response.headers.some((h) => h.name === 'Supported')).toBe(true);
    expect(response.base.to.tag).not.toBeNull();
  });

  it('MUST answer OPTIONS to a domain of its zone, global or localized to its edge', async () => {
    for (const uri of ['sip:acme.sip.localhost', 'sip:alice@acme.sip.ashburn.localhost']) {
      const response = await withUa(protocol, (ua) => ua.call({ method: 'OPTIONS', uri }));
      expect(response.status, uri).toBe(200);
    }
  });
});

describe('request validation (RFC 3261 §16.3 and §8.2)', () => {
  const udp = <T>(fn: (ua: TestUa) => Promise<T>) => withUa('udp', fn);

  it('MUST answer 483 when Max-Forwards is 0 and the request is not for this element (§16.3 step 3)', async () => {
    const response = await udp((ua) =>
      ua.call({ method: 'INVITE', uri: 'sip:bob@acme.sip.localhost', headers: ['Max-Forwards: 0'] }),
    );
    expect(response.status).toBe(483);
  });

  it('MAY answer an OPTIONS for itself even with Max-Forwards 0 (§16.3 step 3, §11)', async () => {
    const response = await udp((ua) =>
      ua.call({ method: 'OPTIONS', uri: 'sip:127.0.0.1', headers: ['Max-Forwards: 0'] }),
    );
    expect(response.status).toBe(200);
  });

  it('MUST answer 482 when a request comes back with its own branch (§16.3 step 4)', async () => {
    const response = await udp(async (ua) => {
      const below = 'SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bKcaller1';
      const own = `SIP/2.0/UDP 127.0.0.1:${port('udp')};branch=PLACEHOLDER`;
      const template = ua.build({
        method: 'INVITE',
        uri: 'sip:bob@acme.sip.localhost',
        headers: [`Via: ${previousHop(ua)}`, `Via: ${own}`, `Via: ${below}`],
        callId: 'loop-1',
      });
      const parsed = parseMessage(Buffer.from(template));
      if (!parsed.ok || parsed.message.kind !== 'request') throw new Error('template did not parse');
      const via = parsed.message.base.via[2];
      if (!via) throw new Error('no second Via');
      const looped = template.replace('PLACEHOLDER', `${MAGIC_COOKIE}${loopHash(parsed.message, via)}.0`);
      await ua.send(looped);
      return ua.finalResponse();
    });
    expect(response.status).toBe(482);
  });

  it('MUST NOT call a spiral a loop: same Via, different Request-URI (§16.3 step 4)', async () => {
    const response = await udp(async (ua) => {
      const template = ua.build({
        method: 'OPTIONS',
        uri: 'sip:acme.sip.localhost',
        headers: [
          `Via: ${previousHop(ua)}`,
          `Via: SIP/2.0/UDP 127.0.0.1:${port('udp')};branch=z9hG4bKnotours.0`,
          'Via: SIP/2.0/UDP 192.0.2.7;branch=z9hG4bKc2',
        ],
      });
      await ua.send(template);
      return ua.response();
    });
    expect(response.status).toBe(200);
  });

  it('MUST reject an unsupported Proxy-Require with 420 listing it in Unsupported (§16.3 step 5)', async () => {
    const response = await udp((ua) =>
      ua.call({ method: 'INVITE', uri: 'sip:bob@acme.sip.localhost', headers: ['Proxy-Require: foo, bar'] }),
    );
    expect(response.status).toBe(420);
    expect(header(response, 'Unsupported')).toBe('foo, bar');
  });

  it('MUST reject an unsupported Require with 420 where it is the UAS (§8.2.2.3)', async () => {
    const response = await udp((ua) =>
      ua.call({ method: 'OPTIONS', uri: 'sip:127.0.0.1', headers: ['Require: nothing'] }),
    );
    expect(response.status).toBe(420);
    expect(header(response, 'Unsupported')).toBe('nothing');
  });

  it('MUST answer 501 to a method it does not recognise (§8.2.1)', async () => {
    const response = await udp((ua) => ua.call({ method: 'FROBNICATE', uri: 'sip:acme.sip.localhost' }));
    expect(response.status).toBe(501);
  });

  it('MUST answer 405 with Allow to a known method it does not accept (§8.2.1)', async () => {
    const response = await udp((ua) => ua.call({ method: 'MESSAGE', uri: 'sip:bob@acme.sip.localhost' }));
    expect(response.status).toBe(405);
    expect(header(response, 'Allow')).toContain('REGISTER');
  });

  it('MUST answer 481 to a CANCEL or BYE that matches no transaction or dialog (§9.2, §12.2.2)', async () => {
    for (const method of ['CANCEL', 'BYE']) {
      const response = await udp((ua) => ua.call({ method, uri: 'sip:bob@acme.sip.localhost' }));
      expect(response.status, method).toBe(481);
    }
  });

  it('answers 404 for a domain outside its zone: it is not an open relay', async () => {
    const response = await udp((ua) => ua.call({ method: 'INVITE', uri: 'sip:bob@example.com' }));
    expect(response.status).toBe(404);
  });

  it('MUST answer 416 to a Request-URI scheme it does not support (§16.3 step 2)', async () => {
    const response = await udp((ua) =>
      ua.call({ method: 'OPTIONS', uri: 'mailto:bob@example.com', headers: ['To: <sip:bob@example.com>'] }),
    );
    expect(response.status).toBe(416);
  });

  it('MUST answer 400 naming the fault to a request without Call-ID (§8.1.1, RFC 4475 §3.1.2.15)', async () => {
    const raw = await udp(async (ua) => {
      const text = ua.build({ method: 'OPTIONS', uri: 'sip:127.0.0.1' }).replace(/Call-ID: [^\r]*\r\n/, '');
      await ua.send(text);
      return ua.client.receive();
    });
    expect(raw).toMatch(/^SIP\/2\.0 400 [^\r]*Call-ID/);
  });

  it('MUST absorb a retransmission and resend the same response (§17.2.2)', async () => {
    await udp(async (ua) => {
      const text = ua.build({ method: 'OPTIONS', uri: 'sip:127.0.0.1', callId: 'retrans-1' });
      await ua.send(text);
      const first = await ua.response();
      await ua.send(text);
      const second = await ua.response();
      expect(second.status).toBe(200);
      expect(second.base.to.tag).toBe(first.base.to.tag);
    });
  });

  it('survives garbage on UDP and TCP and keeps serving', async () => {
    await udp((ua) => ua.send(Buffer.from([0, 255, 13, 10, 13, 10, 1, 2, 3])));
    await withUa('tcp', async (ua) => {
      await ua.send('GARBAGE\r\nContent-Length: nope\r\n\r\n');
      await ua.client.waitForClose();
    });
    const response = await udp((ua) => ua.call({ method: 'OPTIONS', uri: 'sip:127.0.0.1' }));
    expect(response.status).toBe(200);
  });

  it('MUST answer a CRLFCRLF ping with a CRLF pong on a stream (RFC 5626 §4.4.1)', async () => {
    await withUa('tcp', async (ua) => {
      await ua.send('\r\n\r\n');
      expect(await ua.client.receive('\r\n')).toBe('\r\n');
    });
  });
});

describe('handler contract', () => {
  it('hands REGISTER to the register handler as a JSON event and relays its response', async () => {
    const response = await withUa('tcp', (ua) =>
      ua.call({
        method: 'REGISTER',
        uri: 'sip:acme.sip.localhost',
        headers: ['Contact: <sip:alice@127.0.0.1:5999>', 'Expires: 600'],
      }),
    );
    expect(response.status).toBe(200);
    expect(header(response, 'Expires')).toBe('600');
    const event = seen.at(-1);
    expect(event).toMatchObject({
      version: 1,
      handler: 'register',
      method: 'REGISTER',
      requestUri: 'sip:acme.sip.localhost',
      transport: 'tcp',
      edge: 'ashburn',
      instanceId: 'test-1',
      source: { address: '127.0.0.1' },
    });
    expect(event?.raw).toContain('\r\nContact: <sip:alice@127.0.0.1:5999>\r\n');
    expect(event?.raw.startsWith('REGISTER sip:acme.sip.localhost SIP/2.0\r\n')).toBe(true);
    expect(event?.flowId).toMatch(/\S/);
  });

  it('MUST send 100 Trying for an INVITE before the handler decides (RFC 3261 §17.2.1)', async () => {
    await withUa('udp', async (ua) => {
      await ua.send(ua.build({ method: 'INVITE', uri: 'sip:bob@acme.sip.localhost' }));
      expect((await ua.response()).status).toBe(100);
      expect((await ua.response()).status).toBe(480);
    });
  });

  it('MUST answer a CANCEL with 200 and the pending INVITE with 487 (RFC 3261 §9.2)', async () => {
    await withUa('udp', async (ua) => {
      const spec = {
        method: 'INVITE',
        uri: 'sip:slow@acme.sip.localhost',
        callId: 'cancel-1',
        branch: 'z9hG4bKcancel1',
      };
      const invite = ua.build(spec);
      await ua.send(invite);
      expect((await ua.response()).status).toBe(100);
      const from = /From: [^\r]*/.exec(invite)?.[0] ?? '';
      await ua.send(ua.build({ ...spec, method: 'CANCEL', headers: [from] }));
      const statuses = [await ua.response(), await ua.response()].map(
        (r) => `${r.status} ${r.base.cseq.method}`,
      );
      expect(statuses.sort()).toEqual(['200 CANCEL', '487 INVITE']);
    });
  });

  it('answers 503 with Retry-After when the handler does not answer in time', async () => {
    const response = await withUa('udp', (ua) =>
      ua.call({ method: 'INVITE', uri: 'sip:slow@acme.sip.localhost' }),
    );
    expect(response.status).toBe(503);
    expect(header(response, 'Retry-After')).toBe(String(fixture.config.retryAfterSec));
  });

  it('answers 500 when the handler fails or breaks the contract', async () => {
    for (const user of ['broken', 'nonsense']) {
      const response = await withUa('udp', (ua) =>
        ua.call({ method: 'INVITE', uri: `sip:${user}@acme.sip.localhost` }),
      );
      expect(response.status, user).toBe(500);
    }
  });
});
