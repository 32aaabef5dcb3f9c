/**
 * The client side of RFC 7616 §3.4.1 written out independently of the module under test: a UA answering
 * one of our challenges.
 */
import { createHash } from 'node:crypto';
import { parseChallenge } from '#sip/message/headers/challenge.js';

export interface ClientAnswer {
  readonly username: string;
  readonly password: string;
  readonly realm: string;
  readonly method: string;
  readonly uri: string;
  readonly nonce: string;
  readonly nc: string;
  readonly cnonce: string;
  readonly qop: string;
  /** MD5 or SHA-256; the hash of the response. */
  readonly hash: 'MD5' | 'SHA-256';
}

export function clientResponse(a: ClientAnswer): string {
  const h = (s: string) =>
    createHash(a.hash === 'MD5' ? 'md5' : 'sha256')
      .update(s, 'utf8')
      .digest('hex');
  const ha1 = h(`${a.username}:${a.realm}:${a.password}`);
  const ha2 = h(`${a.method}:${a.uri}`);
  return h(`${ha1}:${a.nonce}:${a.nc}:${a.cnonce}:${a.qop}:${ha2}`);
}

/** The RFC 2069 answer (MD5, no qop), which RFC 7616 §3.4 no longer allows. */
export function rfc2069Response(
  a: Pick<ClientAnswer, 'username' | 'password' | 'realm' | 'method' | 'uri' | 'nonce'>,
): string {
  const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');
  return md5(`${md5(`${a.username}:${a.realm}:${a.password}`)}:${a.nonce}:${md5(`${a.method}:${a.uri}`)}`);
}

/** nonce and opaque of a challenge header value, read the way a UA would. */
export function readChallenge(header: string): {
  nonce: string;
  opaque: string | null;
  algorithm: string | null;
} {
  const parsed = parseChallenge(header);
  if (!parsed.ok || parsed.value.digest === null) throw new Error(`not a Digest challenge: ${header}`);
  const { nonce, opaque, algorithm } = parsed.value.digest;
  return { nonce, opaque, algorithm };
}

/** An Authorization value; `params` are appended verbatim (e.g. `algorithm=SHA-256`, `opaque="…"`). */
export function authorization(
  a: Pick<ClientAnswer, 'username' | 'realm' | 'nonce' | 'uri'>,
  response: string,
  params: readonly string[],
): string {
  return [
    `Digest username="${a.username}"`,
    `realm="${a.realm}"`,
    `nonce="${a.nonce}"`,
    `uri="${a.uri}"`,
    `response="${response}"`,
    ...params,
  ].join(', ');
}
