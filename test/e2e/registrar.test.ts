/**
 * The registrar rules, checked against the real local stack (`npm start` as a child process:
 * gateway, in-process handlers, dynalite) over UDP, TCP and TLS, with users provisioned through
 * the admin API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest, type CliCredentials } from '#functions/admin/cli/api-client.js';
import type { SipResponse } from '#sip/message/types.js';
import { challengesOf, digestAuthorization } from '#test/support/digest-client.js';
import { type LocalRuntime, startLocalRuntime } from '#test/support/local-runtime-process.js';
import { provisionDomain } from '#test/support/provision-domain.js';
import { defaultContact, register } from '#test/support/register-client.js';
import { header, TestUa } from '#test/support/test-ua.js';

const DOMAIN = 'reg.sip.localhost';
const PASSWORD = 'Secret-Passw0rd-1';
const TRANSPORTS = ['udp', 'tcp', 'tls'] as const;
/** One source address per transport, so the brute-force counters of one suite do not reach another. */
const SOURCE = { udp: '127.0.0.1', tcp: '127.0.0.2', tls: '127.0.0.3' } as const;
const ROLES = [
  'basic',
  'sha',
  'leak',
  'mismatch',
  'expiry',
  'star',
  'cseq',
  'query',
  'limit',
  'inst',
  'rate',
  'replay',
  'flow',
];

let runtime: LocalRuntime;
let creds: CliCredentials;
let domainSid: string;

beforeAll(async () => {
  runtime = await startLocalRuntime({
    args: [
      '--memory',
      '--log-level=info',
      '--digest-algorithms=MD5,SHA-256',
      '--max-auth-failures-per-source=5',
      '--max-auth-failures-per-aor=50',
    ],
  });
  const ready = runtime.logs.find((l) => l.msg === 'SipEdge local runtime ready');
  creds = {
    apiUrl: `http://127.0.0.1:${runtime.httpPort}`,
    accountSid: String(ready?.accountSid),
    authToken: String(ready?.authToken),
  };
  const users = TRANSPORTS.flatMap((t) => ROLES.map((r) => ({ username: `${r}${t}`, password: PASSWORD })));
  users.push({ username: 'victim', password: PASSWORD });
  ({ domainSid } = await provisionDomain(creds, { domainName: DOMAIN, users }));
  const post = (path: string, form: Record<string, string>) => apiRequest(creds, 'POST', path, form);
  await post('SIP/Domains.json', { DomainName: 'noreg.sip.localhost' });
  await post('SIP/Domains.json', { DomainName: 'nolist.sip.localhost', SipRegistration: 'true' });
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
});

async function openUa(protocol: (typeof TRANSPORTS)[number], localAddress?: string): Promise<TestUa> {
  const port = runtime.sipPorts[protocol];
  return TestUa.open({
    protocol,
    port,
    ...(localAddress ? { localAddress } : {}),
    ...(protocol === 'tls' ? { tls: { rejectUnauthorized: false } } : {}),
  });
}

async function registrations(): Promise<Array<Record<string, unknown>>> {
  const reply = await apiRequest(creds, 'GET', `SIP/Domains/${domainSid}/Registrations.json?PageSize=1000`);
  if (!reply.ok) throw new Error(reply.error);
  return reply.value.body.registrations as Array<Record<string, unknown>>;
}

const contactsOf = (response: SipResponse) =>
  response.headers.filter((h) => /^(contact|m)$/i.test(h.name)).map((h) => h.value);

const sipEdgeError = (response: SipResponse) => header(response, 'X-SipEdge-Error');

describe.each(TRANSPORTS)('registrar over %s', (transport) => {
  let ua: TestUa;
  beforeAll(async () => {
    ua = await openUa(transport, SOURCE[transport]);
  });
  afterAll(async () => {
    await ua.close();
  });
  const user = (role: string) => `${role}${transport}`;

  it('RFC 3261 §22.4 / RFC 8760 §2: MUST challenge with 401: one challenge per algorithm, MD5 first, with realm, nonce, opaque and qop=auth', async () => {
    const { final } = await register(ua, { user: user('basic'), domain: DOMAIN });
    expect(final.status).toBe(401);
    const challenges = challengesOf(final);
    expect(challenges.map((c) => c.algorithm)).toEqual(['MD5', 'SHA-256']);
    for (const c of challenges) {
      expect(c.realm).toBe('sip.localhost');
      expect(c.nonce).toBeTruthy();
      expect(c.opaque).toBeTruthy();
      expect(c.qop).toBe('auth');
    }
  });

  it('RFC 3261 §10.3 step 8: MUST store the binding and answer 200 listing it with expires and a Date', async () => {
    const { final } = await register(ua, {
      user: user('basic'),
      domain: DOMAIN,
      password: PASSWORD,
      expires: 600,
    });
    expect(final.status).toBe(200);
    expect(header(final, 'Date')).toMatch(/GMT$/);
    const [contact] = contactsOf(final);
    expect(contact).toContain(`${ua.client.localAddress}:${ua.client.localPort}`);
    expect(contact).toMatch(/expires=(600|599)/);
    const rows = (await registrations()).filter((r) => String(r.aor).includes(user('basic')));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.transport).toBe(transport);
    expect(rows[0]?.source_address).toBe(`${ua.client.localAddress}:${ua.client.localPort}`);
  });

  it('RFC 8760 §2: MUST verify a SHA-256 answer with SHA-256', async () => {
    const { final } = await register(ua, {
      user: user('sha'),
      domain: DOMAIN,
      password: PASSWORD,
      algorithm: 'SHA-256',
    });
    expect(final.status).toBe(200);
  });

  it('MUST answer an unknown user and a wrong password alike (no username enumeration)', async () => {
    const unknown = await register(ua, { user: 'nobody', domain: DOMAIN, password: PASSWORD });
    const wrong = await register(ua, { user: user('leak'), domain: DOMAIN, password: 'Wrong-Passw0rd-1' });
    const shape = (r: SipResponse) => ({
      status: r.status,
      reason: r.reason,
      headers: r.headers.map((h) => h.name.toLowerCase()).sort(),
      challenges: challengesOf(r).map((c) => ({ ...c, nonce: typeof c.nonce })),
    });
    expect(unknown.final.status).toBe(401);
    expect(shape(unknown.final)).toEqual(shape(wrong.final));
  });

  it('Twilio 32106: MUST refuse with 403 an authentication username that is not the AOR user', async () => {
    const { final } = await register(ua, {
      user: user('mismatch'),
      authUser: user('basic'),
      domain: DOMAIN,
      password: PASSWORD,
    });
    expect(final.status).toBe(403);
    expect(sipEdgeError(final)).toMatch(/^32106 /);
  });

  it('MUST answer 404 for an unknown domain and 403 for an IP address, with X-SipEdge-Error', async () => {
    const unknown = await register(ua, { user: 'alice', domain: 'nosuch.sip.localhost' });
    expect(unknown.final.status).toBe(404);
    expect(sipEdgeError(unknown.final)).toBeTruthy();
    const ip = await register(ua, { user: 'alice', domain: '127.0.0.1' });
    expect(ip.final.status).toBe(403);
    expect(sipEdgeError(ip.final)).toBeTruthy();
  });

  it('Twilio 32210 / 32212: MUST refuse a domain without registration, or without a registration credential list', async () => {
    const disabled = await register(ua, { user: 'alice', domain: 'noreg.sip.localhost' });
    expect(disabled.final.status).toBe(403);
    expect(sipEdgeError(disabled.final)).toMatch(/^32210 /);
    const noList = await register(ua, { user: 'alice', domain: 'nolist.sip.localhost' });
    expect(noList.final.status).toBe(403);
    expect(sipEdgeError(noList.final)).toMatch(/^32212 /);
  });

  it('Twilio §6.3: MUST answer 423 with Min-Expires 600 below 600 s, cap at 3600 s, and let the Contact expires win', async () => {
    const brief = await register(ua, {
      user: user('expiry'),
      domain: DOMAIN,
      password: PASSWORD,
      expires: 300,
    });
    expect(brief.final.status).toBe(423);
    expect(header(brief.final, 'Min-Expires')).toBe('600');
    const long = await register(ua, {
      user: user('expiry'),
      domain: DOMAIN,
      password: PASSWORD,
      expires: 7200,
    });
    expect(long.final.status).toBe(200);
    expect(contactsOf(long.final)[0]).toMatch(/expires=(3600|3599)/);
    await new Promise((r) => setTimeout(r, 1000)); // stay under 5 REGISTERs/s for the AOR
    const param = await register(ua, {
      user: user('expiry'),
      domain: DOMAIN,
      password: PASSWORD,
      expires: 3600,
      contacts: [`${defaultContact(ua, user('expiry'))};expires=900`],
    });
    expect(param.final.status).toBe(200);
    expect(contactsOf(param.final)[0]).toMatch(/expires=(900|899)/);
  });

  it('RFC 3261 §10.3 step 6: Contact * MUST come with Expires 0 (else 400) and then removes the bindings', async () => {
    const u = user('star');
    expect((await register(ua, { user: u, domain: DOMAIN, password: PASSWORD })).final.status).toBe(200);
    const bad = await register(ua, {
      user: u,
      domain: DOMAIN,
      password: PASSWORD,
      contacts: ['*'],
      expires: 60,
    });
    expect(bad.final.status).toBe(400);
    await new Promise((r) => setTimeout(r, 1000));
    const removed = await register(ua, {
      user: u,
      domain: DOMAIN,
      password: PASSWORD,
      contacts: ['*'],
      expires: 0,
    });
    expect(removed.final.status).toBe(200);
    expect(contactsOf(removed.final)).toEqual([]);
    expect((await registrations()).filter((r) => String(r.aor).includes(u))).toEqual([]);
  });

  it('RFC 3261 §10.3 step 7: MUST fail a REGISTER whose CSeq is not above the stored one for the Call-ID, changing nothing', async () => {
    const u = user('cseq');
    const first = await register(ua, { user: u, domain: DOMAIN, password: PASSWORD, cseq: 10 });
    expect(first.final.status).toBe(200);
    const stale = await register(ua, {
      user: u,
      domain: DOMAIN,
      password: PASSWORD,
      callId: first.callId,
      cseq: 3,
      expires: 0,
    });
    expect(stale.final.status).toBe(400);
    expect((await registrations()).filter((r) => String(r.aor).includes(u))).toHaveLength(1);
  });

  it('RFC 3261 §10.3 step 8: MUST answer a REGISTER without Contact with the current bindings', async () => {
    const u = user('query');
    expect((await register(ua, { user: u, domain: DOMAIN, password: PASSWORD })).final.status).toBe(200);
    const query = await register(ua, { user: u, domain: DOMAIN, password: PASSWORD, contacts: [] });
    expect(query.final.status).toBe(200);
    expect(contactsOf(query.final)).toHaveLength(1);
  });

  it('Twilio 32007: MUST refuse the 11th distinct contact of an AOR', async () => {
    const u = user('limit');
    const ten = Array.from({ length: 10 }, (_, i) => `<sip:${u}@192.0.2.${i + 1}:5060>`);
    expect(
      (await register(ua, { user: u, domain: DOMAIN, password: PASSWORD, contacts: ten })).final.status,
    ).toBe(200);
    const eleventh = await register(ua, {
      user: u,
      domain: DOMAIN,
      password: PASSWORD,
      contacts: [`<sip:${u}@192.0.2.99:5060>`],
    });
    expect(eleventh.final.status).toBe(403);
    expect(sipEdgeError(eleventh.final)).toMatch(/^32007 /);
    expect((await registrations()).filter((r) => String(r.aor).includes(u))).toHaveLength(10);
  });

  it('RFC 5626 §6: a device re-registering with the same +sip.instance and reg-id MUST replace its binding', async () => {
    const u = user('inst');
    const instance = '+sip.instance="<urn:uuid:00000000-0000-1000-8000-000a95a0e128>";reg-id=1';
    const first = await register(ua, {
      user: u,
      domain: DOMAIN,
      password: PASSWORD,
      contacts: [`<sip:${u}@192.0.2.1:5060>;${instance}`],
    });
    expect(first.final.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1000));
    const moved = await register(ua, {
      user: u,
      domain: DOMAIN,
      password: PASSWORD,
      contacts: [`<sip:${u}@192.0.2.2:5062>;${instance}`],
    });
    expect(moved.final.status).toBe(200);
    expect(contactsOf(moved.final)).toHaveLength(1);
    expect(contactsOf(moved.final)[0]).toContain('192.0.2.2:5062');
  });

  it('Twilio 32008: MUST answer REGISTERs beyond 5 per second per AOR with 503 and Retry-After', async () => {
    const statuses: SipResponse[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await register(ua, { user: user('rate'), domain: DOMAIN })).final);
    expect(statuses.slice(0, 5).map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]?.status).toBe(503);
    expect(header(statuses[5] as SipResponse, 'Retry-After')).toBeTruthy();
    expect(sipEdgeError(statuses[5] as SipResponse)).toMatch(/^32008 /);
  });

  it('RFC 7616 §3.4: MUST refuse a replayed nonce-count', async () => {
    const u = user('replay');
    const uri = `sip:${DOMAIN}`;
    const headers = [
      `From: <sip:${u}@${DOMAIN}>;tag=r1`,
      `To: <sip:${u}@${DOMAIN}>`,
      `Contact: ${defaultContact(ua, u)}`,
    ];
    const challenge = await ua.call({ method: 'REGISTER', uri, callId: 'replay', cseq: 1, headers });
    const md5 = challengesOf(challenge).find((c) => c.algorithm === 'MD5');
    if (!md5) throw new Error('no MD5 challenge');
    const authorization = digestAuthorization(md5, {
      username: u,
      password: PASSWORD,
      method: 'REGISTER',
      uri,
      cnonce: 'c1',
    });
    const withAuth = [...headers, `Authorization: ${authorization}`];
    expect(
      (await ua.call({ method: 'REGISTER', uri, callId: 'replay', cseq: 2, headers: withAuth })).status,
    ).toBe(200);
    const replay = await ua.call({ method: 'REGISTER', uri, callId: 'replay', cseq: 3, headers: withAuth });
    expect(replay.status).toBe(401);
  });

  it.skipIf(transport === 'udp')(
    'RFC 5626 §5: MUST remove the bindings of a flow when the connection closes',
    async () => {
      const u = user('flow');
      const device = await openUa(transport, SOURCE[transport]);
      expect((await register(device, { user: u, domain: DOMAIN, password: PASSWORD })).final.status).toBe(
        200,
      );
      expect((await registrations()).filter((r) => String(r.aor).includes(u))).toHaveLength(1);
      await device.close();
      let left = 1;
      for (let waited = 0; waited < 5000 && left > 0; waited += 100) {
        await new Promise((r) => setTimeout(r, 100));
        left = (await registrations()).filter((r) => String(r.aor).includes(u)).length;
      }
      expect(left).toBe(0);
    },
  );
});

describe('registrar brute-force limits', () => {
  it('MUST block a source after repeated failures, without locking out the real device elsewhere', async () => {
    const attacker = await openUa('udp', '127.0.0.5');
    const device = await openUa('udp', '127.0.0.6');
    try {
      for (let i = 0; i < 5; i++) {
        const { final } = await register(attacker, {
          user: 'victim',
          domain: DOMAIN,
          password: `Wrong-Passw0rd-${i}`,
        });
        expect(final.status).toBe(401);
        await new Promise((r) => setTimeout(r, 450)); // under the per-AOR rate limit
      }
      const blocked = await register(attacker, { user: 'victim', domain: DOMAIN, password: PASSWORD });
      expect(blocked.final.status).toBe(403);
      const legit = await register(device, { user: 'victim', domain: DOMAIN, password: PASSWORD });
      expect(legit.final.status).toBe(200);
    } finally {
      await attacker.close();
      await device.close();
    }
  });
});
