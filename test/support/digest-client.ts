/**
 * The client side of SIP digest authentication for tests, written independently of the server
 * code (RFC 7616 §3.4.1 formulas, qop=auth), so a shared bug cannot hide.
 */
import { randomBytes } from 'node:crypto';
import type { SipResponse } from '#sip/message/types.js';
import { authorization, clientResponse } from './digest-answer.js';

export interface ChallengeParams {
  readonly realm: string;
  readonly nonce: string;
  readonly opaque?: string;
  readonly algorithm: string;
  readonly qop?: string;
  readonly stale?: string;
}

/** Every WWW-Authenticate / Proxy-Authenticate challenge of a response, in order. */
export function challengesOf(response: SipResponse): ChallengeParams[] {
  return response.headers
    .filter((h) => /^(www|proxy)-authenticate$/i.test(h.name))
    .map((h) => {
      const params: Record<string, string> = {};
      for (const [, name, quoted, token] of h.value.matchAll(/([a-zA-Z-]+)=(?:"([^"]*)"|([^\s,]+))/g)) {
        if (name) params[name.toLowerCase()] = quoted ?? token ?? '';
      }
      return { ...params, algorithm: params.algorithm ?? 'MD5' } as unknown as ChallengeParams;
    });
}

export interface DigestAnswer {
  readonly username: string;
  readonly password: string;
  readonly method: string;
  readonly uri: string;
  readonly nc?: number;
  readonly cnonce?: string;
}

/** The Authorization value answering `challenge`. */
export function digestAuthorization(challenge: ChallengeParams, answer: DigestAnswer): string {
  const nc = (answer.nc ?? 1).toString(16).padStart(8, '0');
  const cnonce = answer.cnonce ?? randomBytes(8).toString('hex');
  const fields = { ...answer, realm: challenge.realm, nonce: challenge.nonce, nc, cnonce, qop: 'auth' };
  const response = clientResponse({ ...fields, hash: challenge.algorithm === 'SHA-256' ? 'SHA-256' : 'MD5' });
  return authorization(fields, response, [
    `algorithm=${challenge.algorithm}`,
    `cnonce="${cnonce}"`,
    ...(challenge.opaque === undefined ? [] : [`opaque="${challenge.opaque}"`]),
    'qop=auth',
    `nc=${nc}`,
  ]);
}
