import { describe, expect, it } from 'vitest';
import {
  authenticateDigest,
  buildChallenges,
  type DigestAttempt,
  selectCredentials,
} from '#functions/shared/digest/authenticate.js';
import { DIGEST_DEFAULTS, type DigestSettings } from '#functions/shared/digest/digest-settings.js';
import { mintNonce } from '#functions/shared/digest/nonce.js';
import type { StoredDigest } from '#functions/shared/store/credential-store.js';
import { computeHa1 } from '#functions/shared/store/digest.js';
import {
  authorization,
  clientResponse,
  readChallenge,
  rfc2069Response,
} from '#test/support/digest-answer.js';

const REALM = 'sip.example.com';
const IP = '198.51.100.7';
const T0 = 1_700_000_000_000;
const URI = 'sip:sip.example.com';
const settings: DigestSettings = {
  realm: REALM,
  secret: new Uint8Array(32).fill(7),
  nonceLifetimeMs: DIGEST_DEFAULTS.nonceLifetimeMs,
  algorithms: ['MD5', 'SHA-256'],
};

const stored = (username: string, password: string, realm = REALM): StoredDigest => ({
  credentialSid: `CR${username}`,
  credentialListSid: 'CL1',
  username,
  realm,
  ...computeHa1(username, realm, password),
});
const ALICE = stored('alice', 'correct horse');
const users = new Map<string, StoredDigest>([
  ['alice', ALICE],
  // Right HA1 for our realm, but the record belongs to another realm: unknown here.
  ['carol', { ...stored('carol', 'correct horse'), realm: 'other.example.com' }],
]);
const lookup = async (username: string) => users.get(username);

interface Answer {
  readonly username?: string;
  readonly password?: string;
  readonly nc?: string;
  readonly qop?: string;
  /** Parameters after `response`, replacing the defaults. */
  readonly params?: (defaults: { algorithm: string; opaque: string }) => readonly string[];
  readonly hash?: 'MD5' | 'SHA-256';
  /** Which offered challenge to answer. */
  readonly challengeIndex?: number;
  readonly issuedAtMs?: number;
  readonly issuedTo?: string;
}

/** A UA answering our challenge as `alice` with the right password, unless told otherwise. */
function answer(a: Answer = {}): string {
  const [header] = buildChallenges(settings, a.issuedAtMs ?? T0, a.issuedTo ?? IP, false).slice(
    a.challengeIndex ?? 0,
  );
  const { nonce, opaque, algorithm } = readChallenge(header ?? '');
  const hash = a.hash ?? (algorithm === 'SHA-256' ? 'SHA-256' : 'MD5');
  const fields = {
    username: a.username ?? 'alice',
    password: a.password ?? 'correct horse',
    realm: REALM,
    method: 'REGISTER',
    uri: URI,
    nonce,
    nc: a.nc ?? '00000001',
    cnonce: 'c0ffee',
    qop: a.qop ?? 'auth',
  };
  const defaults = { algorithm: `algorithm=${algorithm}`, opaque: `opaque="${opaque}"` };
  const params = a.params?.(defaults) ?? [
    defaults.algorithm,
    defaults.opaque,
    'qop=auth',
    `nc=${fields.nc}`,
    'cnonce="c0ffee"',
  ];
  return authorization(fields, clientResponse({ ...fields, hash }), params);
}

function attempt(header: string | null, more: Partial<DigestAttempt> = {}): DigestAttempt {
  return {
    method: 'REGISTER',
    credentials: header === null ? null : selectCredentials([header], REALM),
    sourceIp: IP,
    nowMs: T0 + 1_000,
    ...more,
  };
}

const verify = (header: string | null, more: Partial<DigestAttempt> = {}, s = settings) =>
  authenticateDigest(s, attempt(header, more), lookup);

/** Nonces are unique per challenge (RFC 7616 §3.3): compare challenges with the nonce value masked. */
function maskNonces<T>(value: T): T {
  if (typeof value === 'string') return value.replace(/nonce="[^"]*"/, 'nonce="…"') as T;
  if (Array.isArray(value)) return value.map(maskNonces) as T;
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskNonces(v)])) as T;
  return value;
}

const REJECTED = { kind: 'challenge', stale: false, rejected: true } as const;

describe('digest authentication (RFC 3261 §22, RFC 7616, RFC 8760)', () => {
  it('accepts the right MD5 answer and reports the nonce and nonce-count for replay tracking', async () => {
    const header = answer();
    expect(await verify(header)).toEqual({
      kind: 'accepted',
      username: 'alice',
      nonce: selectCredentials([header], REALM)?.nonce,
      nonceCount: 1,
      digest: ALICE,
    });
  });

  it('RFC 8760: MUST verify a SHA-256 answer with the SHA-256 HA1', async () => {
    const header = answer({ challengeIndex: 1 });
    expect(header).toContain('algorithm=SHA-256');
    expect(await verify(header)).toMatchObject({ kind: 'accepted', username: 'alice' });
    // Only the SHA-256 HA1 is right: the answer still passes; only the MD5 one: it fails.
    const onlySha = { ...ALICE, ha1Md5: computeHa1('alice', REALM, 'wrong').ha1Md5 };
    const onlyMd5 = { ...ALICE, ha1Sha256: computeHa1('alice', REALM, 'wrong').ha1Sha256 };
    const credentials = selectCredentials([header], REALM);
    const base = { method: 'REGISTER', credentials, sourceIp: IP, nowMs: T0 };
    expect(await authenticateDigest(settings, base, async () => onlySha)).toMatchObject({ kind: 'accepted' });
    expect(await authenticateDigest(settings, base, async () => onlyMd5)).toMatchObject(REJECTED);
  });

  it('RFC 7616 §3.4: MUST treat an absent algorithm as MD5', async () => {
    const header = answer({ params: (d) => [d.opaque, 'qop=auth', 'nc=00000001', 'cnonce="c0ffee"'] });
    expect(header).not.toContain('algorithm');
    expect(await verify(header)).toMatchObject({ kind: 'accepted' });
  });

  it('MUST challenge without counting a rejection when there are no credentials for our realm', async () => {
    const expected = {
      kind: 'challenge',
      stale: false,
      rejected: false,
      challenges: maskNonces(buildChallenges(settings, T0 + 1_000, IP, false)),
    };
    expect(maskNonces(await verify(null))).toEqual(expected);
    const foreign = answer().replace(`realm="${REALM}"`, 'realm="elsewhere.example.com"');
    expect(selectCredentials([foreign], REALM)).toBeNull();
    const credentials = selectCredentials([foreign], 'elsewhere.example.com');
    expect(maskNonces(await authenticateDigest(settings, { ...attempt(null), credentials }, lookup))).toEqual(
      expected,
    );
  });

  it('RFC 3261 §22.4: MUST reject a wrong password with a fresh challenge', async () => {
    const verdict = await verify(answer({ password: 'guess' }));
    expect(verdict).toMatchObject(REJECTED);
    expect(maskNonces(verdict.kind === 'challenge' && verdict.challenges)).toEqual(
      maskNonces(buildChallenges(settings, T0 + 1_000, IP, false)),
    );
  });

  it('MUST make an unknown user indistinguishable from a wrong password (no username enumeration)', async () => {
    const wrongPassword = await verify(answer({ password: 'guess' }));
    const unknownUser = await verify(answer({ username: 'mallory', password: 'guess' }));
    const otherRealmUser = await verify(answer({ username: 'carol', password: 'correct horse' }));
    // Equal in every field but the nonce, which is fresh per challenge.
    expect(maskNonces(unknownUser)).toEqual(maskNonces(wrongPassword));
    expect(maskNonces(otherRealmUser)).toEqual(maskNonces(wrongPassword));
    expect(wrongPassword).toMatchObject(REJECTED);
  });

  it('MUST reject an answer computed for another method (HA2 covers the method)', async () => {
    expect(await verify(answer(), { method: 'INVITE' })).toMatchObject(REJECTED);
  });

  it('RFC 7616 §3.4 nc: MUST reject a replayed nonce-count', async () => {
    expect(await verify(answer({ nc: '00000001' }), { acceptedNonceCount: 1 })).toMatchObject(REJECTED);
    expect(await verify(answer({ nc: '00000003' }), { acceptedNonceCount: 5 })).toMatchObject(REJECTED);
    expect(await verify(answer({ nc: '00000000' }))).toMatchObject(REJECTED);
    expect(await verify(answer({ nc: '0000000a' }), { acceptedNonceCount: 9 })).toMatchObject({
      kind: 'accepted',
      nonceCount: 10,
    });
  });

  it('RFC 7616 §3.3: MUST answer the right digest on an expired nonce with stale=true, uncounted', async () => {
    const later = T0 + settings.nonceLifetimeMs + 1;
    const verdict = await verify(answer(), { nowMs: later });
    expect(maskNonces(verdict)).toEqual({
      kind: 'challenge',
      stale: true,
      rejected: false,
      challenges: maskNonces(buildChallenges(settings, later, IP, true)),
    });
    expect(verdict.kind === 'challenge' && verdict.challenges.every((c) => c.includes('stale=true'))).toBe(
      true,
    );
  });

  it('RFC 7616 §3.3: MUST NOT set stale=true for a wrong digest on an expired nonce (counted)', async () => {
    const later = T0 + settings.nonceLifetimeMs + 1;
    expect(await verify(answer({ password: 'guess' }), { nowMs: later })).toMatchObject(REJECTED);
    expect(await verify(answer({ username: 'mallory' }), { nowMs: later })).toMatchObject(REJECTED);
  });

  it('MUST reject a nonce issued to another source address', async () => {
    expect(await verify(answer({ issuedTo: '203.0.113.9' }))).toMatchObject(REJECTED);
  });

  it('MUST reject a nonce from the future', async () => {
    expect(await verify(answer({ issuedAtMs: T0 + 3_600_000 }))).toMatchObject(REJECTED);
  });

  it('MUST reject a nonce we did not issue', async () => {
    const forged = mintNonce(new Uint8Array(32).fill(9), T0, IP);
    const header = answer().replace(/nonce="[^"]*"/, `nonce="${forged}"`);
    expect(await verify(header)).toMatchObject(REJECTED);
  });

  it('RFC 7616 §3.3: MUST reject an answer whose opaque is not ours, or missing', async () => {
    const wrong = answer({
      params: (d) => [d.algorithm, 'opaque="x"', 'qop=auth', 'nc=00000001', 'cnonce="c0ffee"'],
    });
    const missing = answer({ params: (d) => [d.algorithm, 'qop=auth', 'nc=00000001', 'cnonce="c0ffee"'] });
    expect(await verify(wrong)).toMatchObject(REJECTED);
    expect(await verify(missing)).toMatchObject(REJECTED);
  });

  it('RFC 7616 §3.4: MUST require qop=auth with nc and cnonce', async () => {
    const without = (drop: string) =>
      answer({
        params: (d) =>
          [d.algorithm, d.opaque, 'qop=auth', 'nc=00000001', 'cnonce="c0ffee"'].filter(
            (p) => !p.startsWith(drop),
          ),
      });
    for (const drop of ['qop', 'nc', 'cnonce']) expect(await verify(without(drop))).toMatchObject(REJECTED);
    const authInt = answer({
      qop: 'auth-int',
      params: (d) => [d.algorithm, d.opaque, 'qop=auth-int', 'nc=00000001', 'cnonce="c0ffee"'],
    });
    expect(await verify(authInt)).toMatchObject(REJECTED);
    // RFC 2069 answer, response = H(HA1:nonce:HA2) without qop, nc or cnonce.
    const { nonce, opaque } = readChallenge(buildChallenges(settings, T0, IP, false)[0] ?? '');
    const legacy = { username: 'alice', realm: REALM, nonce, uri: URI };
    const response = rfc2069Response({ ...legacy, password: 'correct horse', method: 'REGISTER' });
    expect(
      await verify(authorization(legacy, response, ['algorithm=MD5', `opaque="${opaque}"`])),
    ).toMatchObject(REJECTED);
  });

  it('MUST challenge (not fail) for -sess, userhash and unknown algorithms', async () => {
    const withParams = (params: readonly string[]) =>
      answer({ params: (d) => [...params, d.opaque, 'qop=auth', 'nc=00000001', 'cnonce="c0ffee"'] });
    for (const header of [
      withParams(['algorithm=MD5-sess']),
      withParams(['algorithm=SHA-256-sess']),
      withParams(['algorithm=SHA-512-256']),
      withParams(['algorithm=MD5', 'userhash=true']),
    ])
      expect(await verify(header)).toMatchObject(REJECTED);
  });

  it('MUST NOT accept an algorithm that was not offered', async () => {
    const shaOnly: DigestSettings = { ...settings, algorithms: ['SHA-256'] };
    const md5Answer = answer({
      hash: 'MD5',
      params: (d) => ['algorithm=MD5', d.opaque, 'qop=auth', 'nc=00000001', 'cnonce="c0ffee"'],
    });
    expect(await verify(md5Answer, {}, shaOnly)).toMatchObject(REJECTED);
  });

  it('MUST reject a response that is not hex without failing', async () => {
    const header = answer().replace(/response="[^"]*"/, `response="${'é'.repeat(32)}"`);
    expect(await verify(header)).toMatchObject(REJECTED);
  });
});

describe('selectCredentials (RFC 3261 §22.3)', () => {
  it('MUST pick the Digest credentials for our realm among several', () => {
    const ours = answer();
    const theirs = ours.replace(`realm="${REALM}"`, 'realm="proxy.example.net"');
    const picked = selectCredentials(['Basic QWxhZGRpbjpvcGVu', 'Digest garbage', theirs, ours], REALM);
    expect(picked).toMatchObject({ username: 'alice', realm: REALM });
    expect(selectCredentials([theirs], REALM)).toBeNull();
    expect(selectCredentials([], REALM)).toBeNull();
  });
});
