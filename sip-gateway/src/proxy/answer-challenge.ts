import { createHash } from 'node:crypto';
import { withHeaderValues } from '../message/header-lines.js';
import { type DigestChallenge, formatUri, getChallenges, withHeader } from '../message/index.js';
import { err, ok, type Result } from '../message/result.js';
import { quote } from '../message/syntax.js';
import type { SipRequest, SipResponse } from '../message/types.js';

/** `<Sip username password>`: what the far end's challenge is answered with. */
export interface ClientCredentials {
  readonly username: string;
  readonly password: string;
}

const NODE_HASH: Record<string, string> = { MD5: 'md5', 'SHA-256': 'sha256' };

/**
 * The request re-sent with credentials for a 401 or 407 (RFC 3261 §22.2): "When a UAC resubmits a
 * request with its credentials after receiving a 401 (Unauthorized) or 407 (Proxy Authentication
 * Required) response, it MUST increment the CSeq header field value as it would normally when
 * sending an updated request". The first Digest challenge with a supported algorithm is answered
 * (RFC 7616 §3.4.1; MD5 or SHA-256, qop=auth when offered, RFC 2069 form otherwise). The caller
 * gives the new Via branch.
 */
export function answerChallenge(
  request: SipRequest,
  response: SipResponse,
  credentials: ClientCredentials,
  cnonce: string,
): Result<SipRequest> {
  const proxy = response.status === 407;
  const challenges = getChallenges(response, proxy ? 'proxy-authenticate' : 'www-authenticate');
  if (!challenges.ok) return challenges;
  const digest = challenges.value
    .map((c) => c.digest)
    .find(
      (d): d is DigestChallenge =>
        d !== null && NODE_HASH[(d.algorithm ?? 'MD5').toUpperCase()] !== undefined,
    );
  if (digest === undefined) return err('no Digest challenge with a supported algorithm');
  const value = digestAuthorization(digest, request.method, formatUri(request.uri), credentials, cnonce);
  const cseq = `${request.base.cseq.seq + 1} ${request.method}`;
  return ok(
    withHeader(
      withHeaderValues(request, 'CSeq', [cseq]),
      proxy ? 'Proxy-Authorization' : 'Authorization',
      value,
    ),
  );
}

function digestAuthorization(
  challenge: DigestChallenge,
  method: string,
  uri: string,
  credentials: ClientCredentials,
  cnonce: string,
): string {
  const algorithm = (challenge.algorithm ?? 'MD5').toUpperCase();
  const h = (text: string) =>
    createHash(NODE_HASH[algorithm] ?? 'md5')
      .update(text, 'utf8')
      .digest('hex');
  const ha1 = h(`${credentials.username}:${challenge.realm}:${credentials.password}`);
  const ha2 = h(`${method}:${uri}`);
  const qop = challenge.qop.some((option) => option.toLowerCase() === 'auth');
  const nc = '00000001';
  const response = qop
    ? h(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:auth:${ha2}`)
    : h(`${ha1}:${challenge.nonce}:${ha2}`);
  const params = [
    `username=${quote(credentials.username)}`,
    `realm=${quote(challenge.realm)}`,
    `nonce=${quote(challenge.nonce)}`,
    `uri=${quote(uri)}`,
    `response="${response}"`,
    `algorithm=${algorithm}`,
  ];
  if (challenge.opaque !== null) params.push(`opaque=${quote(challenge.opaque)}`);
  if (qop) params.push('qop=auth', `nc=${nc}`, `cnonce="${cnonce}"`);
  return `Digest ${params.join(', ')}`;
}
