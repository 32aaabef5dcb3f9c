import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeDigestResponse } from '#functions/shared/digest/digest-response.js';
import { getCredentials } from '#sip/message/index.js';
import { answerChallenge } from '#sip/proxy/answer-challenge.js';
import { branchResponse, invite } from './support.js';

const credentials = { username: 'gw', password: 'pw' };

function digestOf(request: ReturnType<typeof invite>, name: 'authorization' | 'proxy-authorization') {
  const parsed = getCredentials(request, name);
  const digest = parsed.ok ? parsed.value[0]?.digest : null;
  if (!digest) throw new Error('no credentials');
  return digest;
}

describe('answerChallenge (RFC 3261 §22.2, RFC 7616 §3.4)', () => {
  it('MUST increment CSeq and answer a SHA-256 WWW-Authenticate challenge with qop=auth', () => {
    const challenge = branchResponse(
      401,
      'WWW-Authenticate: Digest realm="r", nonce="n", qop="auth,auth-int", algorithm=SHA-256',
    );
    const answered = answerChallenge(invite(), challenge, credentials, 'c0ffee');
    if (!answered.ok) throw new Error(answered.error);
    expect(answered.value.base.cseq.seq).toBe(2);
    const digest = digestOf(answered.value, 'authorization');
    const ha1 = createHash('sha256').update('gw:r:pw').digest('hex');
    expect(digest.response).toBe(
      computeDigestResponse('SHA-256', {
        ha1,
        method: 'INVITE',
        uri: digest.uri,
        nonce: 'n',
        nc: '00000001',
        cnonce: 'c0ffee',
        qop: 'auth',
      }),
    );
    expect(digest.uri).toBe('sip:bob@acme.sip.localhost');
  });

  it('answers a 407 with Proxy-Authorization, in the RFC 2069 form when no qop is offered', () => {
    const challenge = branchResponse(407, 'Proxy-Authenticate: Digest realm="r", nonce="n"');
    const answered = answerChallenge(invite(), challenge, credentials, 'x');
    if (!answered.ok) throw new Error(answered.error);
    const digest = digestOf(answered.value, 'proxy-authorization');
    const h = (s: string) => createHash('md5').update(s).digest('hex');
    expect(digest.qop).toBeNull();
    expect(digest.response).toBe(h(`${h('gw:r:pw')}:n:${h('INVITE:sip:bob@acme.sip.localhost')}`));
  });

  it('fails when no Digest challenge has a supported algorithm', () => {
    const challenge = branchResponse(
      401,
      'WWW-Authenticate: Digest realm="r", nonce="n", algorithm=MD5-sess',
    );
    expect(answerChallenge(invite(), challenge, credentials, 'x').ok).toBe(false);
  });
});
