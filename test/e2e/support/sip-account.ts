/**
 * What a phone adds to the proxy tests' SipPeer to use a SipEdge account: From and To naming its
 * address of record, digest answers to 401/407 challenges (RFC 3261 §22.2, §22.3), registration
 * (§10.2), and a Contact that is not where it really sits (a device behind NAT).
 */
import type { SipResponse } from '#sip/message/types.js';
import type { SipPeer } from '#test/sip-gateway/integration/support/sip-peer.js';
import { challengesOf, digestAuthorization } from '#test/support/digest-client.js';

export interface SipAccount {
  readonly user: string;
  readonly domain: string;
  readonly password: string;
}

export const addressOfRecord = (account: SipAccount): string => `sip:${account.user}@${account.domain}`;

/** A request text built by SipPeer with its From and To replaced (SipPeer names its loopback address). */
export function addressed(text: string, from: string, to: string): string {
  return text.replace(/^From: [^\r\n]*/m, `From: ${from}`).replace(/^To: [^\r\n]*/m, `To: ${to}`);
}

/** The credentials answering the MD5 challenge of a 401 or 407 (RFC 7616 §3.4). */
export function answerChallenge(
  challenge: SipResponse,
  account: SipAccount,
  method: string,
  uri: string,
): string {
  const md5 = challengesOf(challenge).find((c) => c.algorithm === 'MD5');
  if (md5 === undefined) throw new Error(`no MD5 challenge in the ${challenge.status}`);
  return digestAuthorization(md5, { username: account.user, password: account.password, method, uri });
}

/** Registers the peer's Contact for `account`, answering the 401 once; the final response. */
export async function registerPeer(peer: SipPeer, account: SipAccount): Promise<SipResponse> {
  const aor = addressOfRecord(account);
  const uri = `sip:${account.domain}`;
  const callId = `reg-${peer.name}-${peer.tag}`;
  const request = (cseq: number, headers: readonly string[]) =>
    addressed(
      peer.build({ method: 'REGISTER', uri, callId, cseq, headers }),
      `<${aor}>;tag=${peer.tag}`,
      `<${aor}>`,
    );
  await peer.send(request(1, []));
  const challenge = await peer.response('REGISTER');
  if (challenge.status !== 401) return challenge;
  await peer.send(request(2, [`Authorization: ${answerChallenge(challenge, account, 'REGISTER', uri)}`]));
  return peer.response('REGISTER');
}

/**
 * Makes the peer advertise `contact` in its REGISTER and its answers, as a device behind NAT names
 * its private address: only the flow it registered over leads to it.
 */
export function behindNat(peer: SipPeer, contact: string): SipPeer {
  Object.defineProperty(peer, 'contact', { value: contact });
  return peer;
}
