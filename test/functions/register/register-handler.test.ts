import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAorBindings } from '#functions/shared/store/binding-store.js';
import { keys } from '#functions/shared/store/keys.js';
import { startTestStore, type TestStore } from '#test/support/embedded-store.js';
import {
  answerChallenge,
  asResponse,
  authenticatedRegister,
  createDomain,
  createRegistrar,
  headerValues,
  type Registrar,
  registerAs,
  registerEvent,
  type TestDomain,
} from './registrar-harness.js';

const INSTANCE = '<urn:uuid:00000000-0000-1000-8000-000A95A0E128>';

describe('registrar (RFC 3261 §10.3, Twilio SIP Registration)', () => {
  let store: TestStore;
  let registrar: Registrar;
  let labels = 0;
  const freshDomain = () => createDomain(store, `reg${++labels}`);
  const contactsOf = async (domain: TestDomain, user = 'alice') =>
    (await readAorBindings(store, domain.sid, user, registrar.now())).flatMap((item) =>
      item.contacts.map((c) => ({ edge: item.edge, ...c })),
    );

  beforeAll(async () => {
    store = await startTestStore();
    registrar = createRegistrar(store);
  });
  afterAll(() => store.stop());

  describe('domain (Request-URI, §10.3 step 1)', () => {
    it('MUST answer 403 with X-SipEdge-Error 32002 when the Request-URI host is an IP address', async () => {
      const domain = await freshDomain();
      for (const requestUri of ['sip:192.0.2.10', 'sip:[2001:db8::10]:5060']) {
        const result = asResponse(await registrar.handle(registerEvent(domain, { requestUri })));
        expect(result).toMatchObject({ status: 403, reason: 'Forbidden' });
        expect(headerValues(result, 'X-SipEdge-Error')[0]).toMatch(/^32002 /);
      }
    });

    it('MUST answer 404 with X-SipEdge-Error 32002 to a name that is not a SipEdge domain', async () => {
      const domain = await freshDomain();
      for (const requestUri of ['sip:nope.sip.localhost', 'sip:example.com', 'sip:acme.sip.mars.localhost']) {
        const result = asResponse(await registrar.handle(registerEvent(domain, { requestUri })));
        expect(result).toMatchObject({ status: 404, reason: 'Not Found' });
        expect(headerValues(result, 'X-SipEdge-Error')).toEqual(['32002 SIP Domain not found']);
      }
    });

    it('accepts the localized acme.sip.<edge>.<zone> form of a known edge', async () => {
      const domain = await freshDomain();
      const requestUri = `sip:${domain.name.replace('.sip.', '.sip.sydney.')}`;
      const result = await registerAs(registrar, domain, { requestUri });
      expect(result.status).toBe(200);
      expect((await contactsOf(domain)).map((c) => c.contactUri)).toEqual(['sip:alice@198.51.100.7:5060']);
    });

    it('MUST answer 403 with 32210 when registration is disabled on the domain', async () => {
      const domain = await createDomain(store, 'disabled', { sipRegistration: false });
      const result = asResponse(await registrar.handle(registerEvent(domain)));
      expect(result).toMatchObject({ status: 403, reason: 'Forbidden' });
      expect(headerValues(result, 'X-SipEdge-Error')[0]).toMatch(/^32210 /);
    });

    it('MUST answer 403 with 32212 when no credential list is mapped for registrations', async () => {
      const domain = await createDomain(store, 'nolist', { users: null });
      const result = asResponse(await registrar.handle(registerEvent(domain)));
      expect(result).toMatchObject({ status: 403, reason: 'Forbidden' });
      expect(headerValues(result, 'X-SipEdge-Error')[0]).toMatch(/^32212 /);
    });

    it('MUST answer 404 when the To AOR is not in the Request-URI domain (§10.3 step 5)', async () => {
      const domain = await freshDomain();
      const result = asResponse(
        await registrar.handle(registerEvent(domain, { toHost: 'other.sip.localhost' })),
      );
      expect(result).toMatchObject({ status: 404, reason: 'Not Found' });
    });
  });

  describe('authentication (RFC 3261 §22, Twilio credential lists)', () => {
    it('MUST challenge a REGISTER without credentials with 401 and one WWW-Authenticate per algorithm', async () => {
      const domain = await freshDomain();
      const result = asResponse(await registrar.handle(registerEvent(domain)));
      expect(result).toMatchObject({ status: 401, reason: 'Unauthorized' });
      expect(result.auth).toBeUndefined();
      expect(headerValues(result, 'X-SipEdge-Error')).toEqual([]);
      const challenges = headerValues(result, 'WWW-Authenticate');
      expect(challenges).toHaveLength(2);
      expect(challenges[0]).toMatch(/^Digest realm="sip.localhost".*algorithm=MD5/);
      expect(challenges[1]).toMatch(/algorithm=SHA-256/);
      expect(await contactsOf(domain)).toEqual([]);
    });

    it('MUST answer 403 with 32106 when the digest username is not the AOR user, whether or not it exists', async () => {
      const domain = await freshDomain();
      const answers = [];
      for (const authUser of ['bob', 'mallory']) {
        const { result } = await authenticatedRegister(registrar, domain, {}, { authUser });
        answers.push(result);
      }
      for (const result of answers) {
        expect(result).toMatchObject({ status: 403, reason: 'Forbidden', auth: { outcome: 'rejected' } });
        expect(headerValues(result, 'X-SipEdge-Error')).toEqual([
          '32106 Authorization name and username do not match',
        ]);
      }
      expect(answers[0]?.headers).toEqual(answers[1]?.headers);
      expect(await contactsOf(domain)).toEqual([]);
    });

    it('MUST answer a wrong password with a fresh 401 and report the rejected attempt (32202)', async () => {
      const domain = await freshDomain();
      const { result } = await authenticatedRegister(registrar, domain, {}, { password: 'wrong-password-1' });
      expect(result).toMatchObject({ status: 401, auth: { outcome: 'rejected' } });
      expect(headerValues(result, 'WWW-Authenticate')).toHaveLength(2);
      expect(headerValues(result, 'X-SipEdge-Error')).toEqual(['32202 Bad user credentials']);
      expect(await contactsOf(domain)).toEqual([]);
    });

    it('reports the accepted nonce and nonce-count, and refuses a count the gateway already accepted', async () => {
      const domain = await freshDomain();
      const { challenge, result } = await authenticatedRegister(registrar, domain);
      expect(result.status).toBe(200);
      const nonce = /nonce="([^"]+)"/.exec(headerValues(challenge, 'WWW-Authenticate')[0] ?? '')?.[1];
      expect(result.auth).toEqual({ outcome: 'accepted', nonce, nonceCount: 1 });
      const answer = answerChallenge(challenge, `sip:${domain.name}`);
      const replay = registerEvent(domain, { headers: [`Authorization: ${answer}`], acceptedNonceCount: 1 });
      expect(asResponse(await registrar.handle(replay))).toMatchObject({
        status: 401,
        auth: { outcome: 'rejected' },
      });
    });

    it('accepts SHA-256 answers (RFC 8760)', async () => {
      const domain = await freshDomain();
      const result = await registerAs(registrar, domain, {}, { algorithm: 'SHA-256' });
      expect(result.status).toBe(200);
    });
  });

  describe('expiry (§10.3 step 7, Twilio 600..3600 s)', () => {
    it('MUST answer 423 with Min-Expires: 600 to an expiry below 600 s, and store nothing', async () => {
      const domain = await freshDomain();
      for (const spec of [
        { expires: 599 },
        { contacts: ['<sip:alice@198.51.100.7:5060>;expires=1'], expires: 3600 },
      ]) {
        const result = await registerAs(registrar, domain, spec);
        expect(result).toMatchObject({ status: 423, reason: 'Interval Too Brief' });
        expect(headerValues(result, 'Min-Expires')).toEqual(['600']);
        expect(result.auth?.outcome).toBe('accepted');
      }
      expect(await contactsOf(domain)).toEqual([]);
    });

    it('MUST grant at most 3600 s (a longer request is shortened)', async () => {
      const domain = await freshDomain();
      const result = await registerAs(registrar, domain, { expires: 7200 });
      expect(headerValues(result, 'Contact')).toEqual(['<sip:alice@198.51.100.7:5060>;expires=3600']);
    });

    it('takes the Contact expires param over the Expires header, and that over the 3600 s default', async () => {
      const domain = await freshDomain();
      const now = registrar.now();
      const contact = (port: number, param = '') => `<sip:alice@198.51.100.7:${port}>${param}`;
      await registerAs(registrar, domain, {
        contacts: [contact(1), contact(2, ';expires=900')],
        expires: 1200,
      });
      await registerAs(registrar, domain, { contacts: [contact(3)], callId: 'call-2' });
      const granted = (await contactsOf(domain)).map((c) => [c.contactUri, (c.expiresAtMs - now) / 1000]);
      expect(granted).toEqual([
        ['sip:alice@198.51.100.7:1', 1200],
        ['sip:alice@198.51.100.7:2', 900],
        ['sip:alice@198.51.100.7:3', 3600],
      ]);
    });

    it('removes a binding registered with expires 0', async () => {
      const domain = await freshDomain();
      await registerAs(registrar, domain, {
        contacts: ['<sip:alice@198.51.100.7:1>', '<sip:alice@198.51.100.7:2>'],
      });
      const result = await registerAs(registrar, domain, {
        contacts: ['<sip:alice@198.51.100.7:1>;expires=0'],
        cseq: 2,
      });
      expect(headerValues(result, 'Contact')).toEqual(['<sip:alice@198.51.100.7:2>;expires=3600']);
      expect((await contactsOf(domain)).map((c) => c.contactUri)).toEqual(['sip:alice@198.51.100.7:2']);
    });
  });

  describe('Contact: * (§10.3 step 6)', () => {
    it("removes this edge's bindings of the AOR and leaves other edges' to their own registrar", async () => {
      const domain = await freshDomain();
      await registerAs(registrar, domain, { contacts: ['<sip:alice@198.51.100.7:1>'] });
      await registerAs(registrar, domain, {
        contacts: ['<sip:alice@203.0.113.9:5060>'],
        edge: 'dublin',
        callId: 'dublin-call',
      });
      const result = await registerAs(registrar, domain, { contacts: ['*'], expires: 0, cseq: 2 });
      expect(result.status).toBe(200);
      expect(headerValues(result, 'Contact')).toEqual(['<sip:alice@203.0.113.9:5060>;expires=3600']);
      expect((await contactsOf(domain)).map((c) => c.edge)).toEqual(['dublin']);
    });

    it('MUST answer 400 to Contact: * without Expires: 0 or next to other contacts', async () => {
      const domain = await freshDomain();
      await registerAs(registrar, domain);
      for (const spec of [
        { contacts: ['*'] },
        { contacts: ['*'], expires: 600 },
        { contacts: ['*', '<sip:alice@198.51.100.7:2>'], expires: 0 },
      ]) {
        expect((await registerAs(registrar, domain, { ...spec, cseq: 5 })).status).toBe(400);
      }
      expect(await contactsOf(domain)).toHaveLength(1);
    });
  });

  describe('ordering (§10.3 step 7)', () => {
    it('MUST fail the whole request with 400 Invalid CSeq when a binding has its Call-ID and a CSeq not lower', async () => {
      const domain = await freshDomain();
      const a = '<sip:alice@198.51.100.7:1>';
      const b = '<sip:alice@198.51.100.7:2>';
      const now = registrar.now();
      await registerAs(registrar, domain, { contacts: [a], callId: 'c', cseq: 5, expires: 600 });
      registrar.advance(10_000);
      for (const cseq of [5, 4]) {
        const stale = await registerAs(registrar, domain, { contacts: [b, a], callId: 'c', cseq });
        expect(stale).toMatchObject({ status: 400, reason: 'Invalid CSeq' });
      }
      const unchanged = await contactsOf(domain);
      expect(unchanged.map((c) => [c.contactUri, c.expiresAtMs])).toEqual([
        ['sip:alice@198.51.100.7:1', now + 600_000],
      ]);
      expect((await registerAs(registrar, domain, { contacts: [b, a], callId: 'c', cseq: 6 })).status).toBe(
        200,
      );
      // Another Call-ID (a rebooted phone) replaces the binding whatever its CSeq.
      const other = await registerAs(registrar, domain, { contacts: [a], callId: 'new', cseq: 1 });
      expect(other.status).toBe(200);
      expect((await contactsOf(domain)).map((c) => [c.contactUri, c.callId, c.cseq])).toEqual([
        ['sip:alice@198.51.100.7:2', 'c', 6],
        ['sip:alice@198.51.100.7:1', 'new', 1],
      ]);
    });
  });

  describe('query and 200 OK (§10.2.3, §10.3 step 8)', () => {
    it('answers a REGISTER without Contact with every current binding of all edges, changing nothing', async () => {
      const domain = await freshDomain();
      await registerAs(registrar, domain, { contacts: ['<sip:alice@198.51.100.7:1>'] });
      await registerAs(registrar, domain, { contacts: ['<sip:alice@203.0.113.9:1>'], edge: 'dublin' });
      const before = await readAorBindings(store, domain.sid, 'alice', registrar.now());
      const result = await registerAs(registrar, domain, { contacts: [], cseq: 9 });
      expect(result.status).toBe(200);
      expect(headerValues(result, 'Contact')).toEqual([
        '<sip:alice@198.51.100.7:1>;expires=3600',
        '<sip:alice@203.0.113.9:1>;expires=3600',
      ]);
      expect(await readAorBindings(store, domain.sid, 'alice', registrar.now())).toEqual(before);
    });

    it('MUST list each binding with its remaining expires, echo +sip.instance and reg-id, and send Date', async () => {
      const domain = await freshDomain();
      await registerAs(registrar, domain, {
        contacts: [`<sip:alice@198.51.100.7:1;ob>;+sip.instance="${INSTANCE}";reg-id=1`],
      });
      registrar.advance(100_500);
      const result = await registerAs(registrar, domain, {
        contacts: ['<sip:alice@198.51.100.7:2>'],
        cseq: 2,
      });
      expect(headerValues(result, 'Contact')).toEqual([
        `<sip:alice@198.51.100.7:1;ob>;expires=3500;+sip.instance="${INSTANCE}";reg-id=1`,
        '<sip:alice@198.51.100.7:2>;expires=3600',
      ]);
      expect(headerValues(result, 'Date')).toEqual([new Date(registrar.now()).toUTCString()]);
      expect(headerValues(result, 'Date')[0]).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    });
  });

  describe('same device (RFC 5626 §6, RFC 3261 §19.1.4)', () => {
    it('replaces the binding of the same +sip.instance and reg-id even from a new contact URI', async () => {
      const domain = await freshDomain();
      const outbound = `;+sip.instance="${INSTANCE}";reg-id=1`;
      await registerAs(registrar, domain, { contacts: [`<sip:alice@198.51.100.7:1>${outbound}`] });
      await registerAs(registrar, domain, { contacts: [`<sip:alice@198.51.100.99:7>${outbound}`], cseq: 2 });
      expect((await contactsOf(domain)).map((c) => c.contactUri)).toEqual(['sip:alice@198.51.100.99:7']);
    });

    it('keeps one binding per flow: the same instance with another reg-id is another binding', async () => {
      const domain = await freshDomain();
      const contact = (regId: number) =>
        `<sip:alice@198.51.100.7:1>;+sip.instance="${INSTANCE}";reg-id=${regId}`;
      await registerAs(registrar, domain, { contacts: [contact(1)] });
      await registerAs(registrar, domain, { contacts: [contact(2)], cseq: 2 });
      expect((await contactsOf(domain)).map((c) => c.regId)).toEqual([1, 2]);
    });

    it('replaces the binding whose contact URI is equal under §19.1.4 (parameter order, host case)', async () => {
      const domain = await freshDomain();
      await registerAs(registrar, domain, { contacts: ['<sip:alice@Phone.Example.com;a=1;b=2>'] });
      await registerAs(registrar, domain, { contacts: ['<sip:alice@phone.example.com;b=2;a=1>'], cseq: 2 });
      const contacts = await contactsOf(domain);
      expect(contacts).toHaveLength(1);
      expect(contacts[0]?.cseq).toBe(2);
    });
  });

  describe('10 bindings per AOR (Twilio 32007)', () => {
    const contact = (n: number) => `<sip:alice@198.51.100.${n}:5060>`;

    it('MUST refuse the 11th distinct contact with 403 Too Many Bindings, counting every edge', async () => {
      const domain = await freshDomain();
      for (let n = 1; n <= 6; n++)
        await registerAs(registrar, domain, { contacts: [contact(n)], callId: `a${n}` });
      for (let n = 7; n <= 10; n++) {
        await registerAs(registrar, domain, { contacts: [contact(n)], callId: `d${n}`, edge: 'dublin' });
      }
      const eleventh = await registerAs(registrar, domain, { contacts: [contact(11)], callId: 'a11' });
      expect(eleventh).toMatchObject({ status: 403, reason: 'Too Many Bindings' });
      expect(headerValues(eleventh, 'X-SipEdge-Error')[0]).toMatch(/^32007 /);
      // Refreshing or replacing an existing binding is not an 11th.
      const refresh = await registerAs(registrar, domain, { contacts: [contact(1)], callId: 'a1', cseq: 2 });
      expect(refresh.status).toBe(200);
      expect(headerValues(refresh, 'Contact')).toHaveLength(10);
      expect(await contactsOf(domain)).toHaveLength(10);
    });

    it("with whenFull 'evict-soonest', evicts this edge's soonest-expiring binding instead", async () => {
      const evicting = createRegistrar(store, { whenFull: 'evict-soonest' });
      const domain = await freshDomain();
      for (let n = 1; n <= 10; n++) {
        await registerAs(evicting, domain, { contacts: [contact(n)], callId: `c${n}`, expires: 3600 - n });
      }
      const result = await registerAs(evicting, domain, { contacts: [contact(11)], callId: 'c11' });
      expect(result.status).toBe(200);
      const uris = (await readAorBindings(store, domain.sid, 'alice', evicting.now())).flatMap((i) =>
        i.contacts.map((c) => c.contactUri),
      );
      expect(uris).toHaveLength(10);
      expect(uris).not.toContain('sip:alice@198.51.100.10:5060');
      expect(uris).toContain('sip:alice@198.51.100.11:5060');
    });
  });

  describe('location record', () => {
    it('stores each contact with its AOR, device, path, transport, source, flow, gateway and request fields', async () => {
      const domain = await freshDomain();
      const now = registrar.now();
      await registerAs(registrar, domain, {
        contacts: [`<sip:alice@10.1.2.3:5062;transport=tcp;ob>;+sip.instance="${INSTANCE}";reg-id=1`],
        transport: 'tcp',
        source: { address: '198.51.100.7', port: 40001 },
        flowId: 'tcp-flow-9',
        headers: ['Path: <sip:edge.example.net;lr>', 'User-Agent: Phone/1.2'],
        callId: 'loc-call',
        cseq: 7,
      });
      const [item] = await readAorBindings(store, domain.sid, 'alice', registrar.now());
      expect(item).toMatchObject({
        accountSid: domain.accountSid,
        domainSid: domain.sid,
        aor: `sip:alice@${domain.name}`,
        aorUser: 'alice',
        edge: 'ashburn',
        version: 1,
      });
      expect(item?.contacts).toEqual([
        {
          contactUri: 'sip:alice@10.1.2.3:5062;transport=tcp;ob',
          instanceId: INSTANCE,
          regId: 1,
          path: ['<sip:edge.example.net;lr>'],
          transport: 'tcp',
          source: { address: '198.51.100.7', port: 40001 },
          flowId: 'tcp-flow-9',
          gatewayInstanceId: 'gw-1',
          relayAddress: '10.0.0.1:5070',
          userAgent: 'Phone/1.2',
          callId: 'loc-call',
          cseq: 7,
          registeredAtMs: now,
          expiresAtMs: now + 3_600_000,
        },
      ]);
      const raw = await store.doc.send(
        new GetCommand({ TableName: store.tableName, Key: keys.binding(domain.sid, 'alice', 'ashburn') }),
      );
      expect(raw.Item?.expiresAt).toBe(Math.ceil(now / 1000) + 3600);
    });

    it('deletes the item when its last binding is removed', async () => {
      const domain = await freshDomain();
      await registerAs(registrar, domain);
      await registerAs(registrar, domain, { expires: 0, cseq: 2 });
      const raw = await store.doc.send(
        new GetCommand({ TableName: store.tableName, Key: keys.binding(domain.sid, 'alice', 'ashburn') }),
      );
      expect(raw.Item).toBeUndefined();
    });
  });

  describe('flows (RFC 5626 §5)', () => {
    it('tells the gateway, for TCP/TLS only, whether a binding of the AOR lives on the flow', async () => {
      const domain = await freshDomain();
      const tcp = { transport: 'tcp' as const, contacts: ['<sip:alice@198.51.100.7:1;transport=tcp>'] };
      const key = `${domain.sid}/alice`;
      expect((await registerAs(registrar, domain, tcp)).flowBinding).toEqual({ key, active: true });
      const elsewhere = await registerAs(registrar, domain, {
        ...tcp,
        contacts: [],
        flowId: 'other',
        cseq: 2,
      });
      expect(elsewhere.flowBinding).toEqual({ key, active: false });
      const removed = await registerAs(registrar, domain, { ...tcp, expires: 0, cseq: 3 });
      expect(removed.flowBinding).toEqual({ key, active: false });
      expect((await registerAs(registrar, domain, { cseq: 4 })).flowBinding).toBeUndefined();
      const tls = await registerAs(registrar, domain, { transport: 'tls', cseq: 5 });
      expect(tls.flowBinding).toEqual({ key, active: true });
    });
  });
});
