/** REGISTER with digest authentication from a TestUa, the way a phone does it (RFC 3261 §10.2). */
import { randomBytes } from 'node:crypto';
import type { SipResponse } from '#sip/message/types.js';
import { challengesOf, digestAuthorization } from './digest-client.js';
import type { TestUa } from './test-ua.js';

export interface RegisterSpec {
  readonly user: string;
  readonly domain: string;
  /** Answer a 401 with this password; without it the first response is returned. */
  readonly password?: string;
  /** The user to authenticate as (default `user`). */
  readonly authUser?: string;
  readonly algorithm?: 'MD5' | 'SHA-256';
  /** Contact header values; default one contact of this UA; `[]` sends no Contact (a query). */
  readonly contacts?: readonly string[];
  readonly expires?: number;
  readonly headers?: readonly string[];
  readonly callId?: string;
  readonly cseq?: number;
}

export interface RegisterOutcome {
  readonly challenge: SipResponse | null;
  readonly final: SipResponse;
  readonly callId: string;
  /** CSeq of the last REGISTER sent. */
  readonly cseq: number;
}

export function defaultContact(ua: TestUa, user: string): string {
  return `<sip:${user}@${ua.client.localAddress}:${ua.client.localPort};transport=${ua.protocol}>`;
}

export async function register(ua: TestUa, spec: RegisterSpec): Promise<RegisterOutcome> {
  const uri = `sip:${spec.domain}`;
  const callId = spec.callId ?? randomBytes(8).toString('hex');
  const contacts = spec.contacts ?? [defaultContact(ua, spec.user)];
  const headers = [
    `From: <sip:${spec.user}@${spec.domain}>;tag=${randomBytes(4).toString('hex')}`,
    `To: <sip:${spec.user}@${spec.domain}>`,
    ...contacts.map((c) => `Contact: ${c}`),
    ...(spec.expires === undefined ? [] : [`Expires: ${spec.expires}`]),
    ...(spec.headers ?? []),
  ];
  let cseq = spec.cseq ?? 1;
  const first = await ua.call({ method: 'REGISTER', uri, callId, cseq, headers });
  if (first.status !== 401 || spec.password === undefined) {
    return { challenge: null, final: first, callId, cseq };
  }
  const algorithm = spec.algorithm ?? 'MD5';
  const challenge = challengesOf(first).find((c) => c.algorithm === algorithm);
  if (!challenge) throw new Error(`no ${algorithm} challenge in the 401`);
  const authorization = digestAuthorization(challenge, {
    username: spec.authUser ?? spec.user,
    password: spec.password,
    method: 'REGISTER',
    uri,
  });
  cseq += 1;
  const final = await ua.call({
    method: 'REGISTER',
    uri,
    callId,
    cseq,
    headers: [...headers, `Authorization: ${authorization}`],
  });
  return { challenge: first, final, callId, cseq };
}
