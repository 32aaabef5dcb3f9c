import { describe, expect, it } from 'vitest';
import { buildChallenges } from '#functions/shared/digest/authenticate.js';
import type { DigestSettings } from '#functions/shared/digest/digest-settings.js';
import { checkNonce } from '#functions/shared/digest/nonce.js';
import { getChallenges } from '#sip/message/accessors.js';
import { parseChallenge } from '#sip/message/headers/challenge.js';
import { parseMessage } from '#sip/parser/parse-message.js';

const IP = '198.51.100.7';
const T0 = 1_700_000_000_000;
const settings: DigestSettings = {
  realm: 'sip.example.com',
  secret: new Uint8Array(32).fill(7),
  nonceLifetimeMs: 600_000,
  algorithms: ['MD5', 'SHA-256'],
};

/** The challenges as a UA reads them off a 401 (RFC 3261 §22.2). */
function challengesOf401(values: readonly string[]) {
  const wire = [
    'SIP/2.0 401 Unauthorized',
    'Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK1',
    'From: <sip:alice@sip.example.com>;tag=1',
    'To: <sip:alice@sip.example.com>;tag=2',
    'Call-ID: c1',
    'CSeq: 1 REGISTER',
    ...values.map((value) => `WWW-Authenticate: ${value}`),
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const parsed = parseMessage(new TextEncoder().encode(wire));
  if (!parsed.ok) throw new Error(parsed.error.reason);
  const challenges = getChallenges(parsed.message, 'www-authenticate');
  if (!challenges.ok) throw new Error(challenges.error);
  return challenges.value.map((challenge) => challenge.digest);
}

describe('digest challenges (RFC 7616 §3.3, RFC 8760 §2.3)', () => {
  it('MUST carry realm, nonce, opaque, algorithm and qop="auth", parsing back with the gateway parser', () => {
    const values = buildChallenges(settings, T0, IP, false);
    const [md5, sha256] = challengesOf401(values);
    expect(md5).toMatchObject({ realm: 'sip.example.com', algorithm: 'MD5', qop: ['auth'], stale: false });
    expect(sha256).toMatchObject({
      realm: 'sip.example.com',
      algorithm: 'SHA-256',
      qop: ['auth'],
      stale: false,
    });
    expect(md5?.opaque).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(sha256?.opaque).toBe(md5?.opaque);
    expect(checkNonce(settings.secret, md5?.nonce ?? '', T0, IP, settings.nonceLifetimeMs)).toBe('valid');
    expect(values[0]).toMatch(
      /^Digest realm="sip\.example\.com", nonce="[^"]+", opaque="[^"]+", algorithm=MD5, qop="auth"$/,
    );
    for (const value of values) expect(parseChallenge(value).ok).toBe(true);
  });

  it('RFC 8760 §2.3: MUST offer one challenge per algorithm in the configured order', () => {
    const algorithmsOf = (algorithms: DigestSettings['algorithms']) =>
      challengesOf401(buildChallenges({ ...settings, algorithms }, T0, IP, false)).map((c) => c?.algorithm);
    expect(algorithmsOf(['MD5', 'SHA-256'])).toEqual(['MD5', 'SHA-256']);
    expect(algorithmsOf(['SHA-256', 'MD5'])).toEqual(['SHA-256', 'MD5']);
    expect(algorithmsOf(['SHA-256'])).toEqual(['SHA-256']);
  });

  it('RFC 7616 §3.3: MUST mark stale challenges stale=true', () => {
    const values = buildChallenges(settings, T0, IP, true);
    expect(challengesOf401(values).map((c) => c?.stale)).toEqual([true, true]);
  });

  it('opaque is stateless: the same for every challenge of a realm, different across realms and secrets', () => {
    const opaqueOf = (s: DigestSettings) => challengesOf401(buildChallenges(s, T0, IP, false))[0]?.opaque;
    expect(opaqueOf(settings)).toBe(
      challengesOf401(buildChallenges(settings, T0 + 5, '203.0.113.1', true))[0]?.opaque,
    );
    expect(opaqueOf({ ...settings, realm: 'other.example.com' })).not.toBe(opaqueOf(settings));
    expect(opaqueOf({ ...settings, secret: new Uint8Array(32).fill(8) })).not.toBe(opaqueOf(settings));
  });
});
