/**
 * One call between two registered SipEdge users over real sockets, as the cross-edge tests place
 * it: alice's INVITE is challenged, answered with credentials and rung at bob, who answers.
 */
import { expect } from 'vitest';
import { apiRequest } from '#functions/admin/cli/api-client.js';
import { getHeaderValues } from '#sip/message/index.js';
import type { SipRequest, SipResponse } from '#sip/message/types.js';
import {
  calleeDialog,
  callerDialog,
  newBranch,
  type PeerDialog,
  parseRaw,
  SipPeer,
} from '#test/sip-gateway/integration/support/sip-peer.js';
import { provisionDomain } from '#test/support/provision-domain.js';
import {
  addressed,
  addressOfRecord,
  answerChallenge,
  behindNat,
  registerPeer,
  type SipAccount,
} from './sip-account.js';
import type { TwoEdgeStack } from './two-edge-stack.js';

export const DOMAIN = 'acme.sip.localhost';
export const ALICE: SipAccount = { user: 'alice', domain: DOMAIN, password: 'Alice-Passw0rd-1' };
export const BOB: SipAccount = { user: 'bob', domain: DOMAIN, password: 'Bob-Passw0rd-12' };
/** bob's Contact names a private address that is not where he registers from (RFC 5626 §5.2). */
export const BOB_CONTACT = 'sip:bob@10.9.8.7:5060;transport=tcp';

/** The caller and the callee of a call. */
export interface CallParties {
  readonly alice: SipPeer;
  readonly bob: SipPeer;
}

/**
 * The domain with alice and bob, whose voice URL dials the called user; alice registered over UDP
 * at A, bob over TCP from behind NAT at the instance listening on `bobTcpPort` of 127.0.0.1 (B).
 */
export async function provisionCallParties(
  stack: TwoEdgeStack,
  bobTcpPort: number,
): Promise<CallParties & { readonly domainSid: string }> {
  const bin = await apiRequest(stack.creds, 'POST', 'TwimlBins.json', {
    FriendlyName: 'Dial the called user',
    Twiml: '<Response><Dial><Sip>{{To}}</Sip></Dial></Response>',
  });
  if (!bin.ok) throw new Error(bin.error);
  const { domainSid } = await provisionDomain(stack.creds, {
    domainName: DOMAIN,
    users: [ALICE, BOB].map((u) => ({ username: u.user, password: u.password })),
    voiceUrl: bin.value.body.url,
  });
  const alice = await SipPeer.udp('alice', stack.a.gateway.ports.udp ?? 0);
  const bob = behindNat(await SipPeer.tcp('bob', bobTcpPort), BOB_CONTACT);
  expect((await registerPeer(alice, ALICE)).status).toBe(200);
  expect((await registerPeer(bob, BOB)).status).toBe(200);
  return { alice, bob, domainSid };
}

export const sdp = (user: string, port: number) =>
  [
    'v=0',
    `o=${user} 1 1 IN IP4 127.0.0.1`,
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=audio ${port} RTP/AVP 0`,
    '',
  ].join('\r\n');

/** The next request `method` of call `callId` the peer received (another call's messages stay queued). */
export async function requestIn(peer: SipPeer, callId: string, method: string): Promise<SipRequest> {
  const { message } = await peer.log.next(
    (r) => r.message.kind === 'request' && r.message.method === method && r.message.base.callId === callId,
    `${peer.name}: ${method} of ${callId}`,
  );
  return message as SipRequest;
}

/** The next response to the request `cseq` (e.g. `2 INVITE`) of call `callId`: with `status`, else final. */
export async function responseIn(
  peer: SipPeer,
  callId: string,
  cseq: string,
  status?: number,
): Promise<SipResponse> {
  const { message } = await peer.log.next(
    (r) =>
      r.message.kind === 'response' &&
      r.message.base.callId === callId &&
      `${r.message.base.cseq.seq} ${r.message.base.cseq.method}` === cseq &&
      (status === undefined ? r.message.status >= 200 : r.message.status === status),
    `${peer.name}: ${status ?? 'final'} to ${cseq} of ${callId}`,
  );
  return message as SipResponse;
}

export interface EstablishedCall {
  readonly callId: string;
  /** The INVITE as bob received it, and the 200 as alice received it. */
  readonly received: SipRequest;
  readonly answer: SipResponse;
  readonly ringing: SipResponse;
  readonly aliceDialog: PeerDialog;
  readonly bobDialog: PeerDialog;
}

/**
 * alice calls bob (his AOR, at alice's instance): the INVITE is challenged (407, RFC 3261 §22.3), ACKed (§17.1.1.3), sent
 * again with Proxy-Authorization; bob rings and answers on his connection to B.
 */
export async function establishCall({ alice, bob }: CallParties, callId: string): Promise<EstablishedCall> {
  const uri = addressOfRecord(BOB);
  const from = `<${addressOfRecord(ALICE)}>;tag=${alice.tag}`;
  const to = `<${uri}>`;
  const branch = newBranch();
  const invite = (cseq: number, headers: readonly string[], inviteBranch: string) =>
    addressed(
      alice.build({
        method: 'INVITE',
        uri,
        callId,
        cseq,
        branch: inviteBranch,
        headers: ['Content-Type: application/sdp', ...headers],
        body: sdp('alice', 40_000),
      }),
      from,
      to,
    );
  await alice.send(invite(1, [], branch));
  const challenge = await responseIn(alice, callId, '1 INVITE');
  expect(challenge.status).toBe(407);
  const challengedTo = getHeaderValues(challenge, 'to')[0] ?? to;
  await alice.send(
    addressed(alice.build({ method: 'ACK', uri, callId, cseq: 1, branch }), from, challengedTo),
  );

  const credentials = answerChallenge(challenge, ALICE, 'INVITE', uri);
  const sent = invite(2, [`Proxy-Authorization: ${credentials}`], newBranch());
  await alice.send(sent);
  await responseIn(alice, callId, '2 INVITE', 100);
  const received = await requestIn(bob, callId, 'INVITE');
  await bob.respond(received, 180, 'Ringing');
  const ringing = await responseIn(alice, callId, '2 INVITE', 180);
  await bob.respond(received, 200, 'OK', {
    headers: ['Content-Type: application/sdp'],
    body: sdp('bob', 50_000),
  });
  const answer = await responseIn(alice, callId, '2 INVITE', 200);
  const request = parseRaw(sent);
  if (request.kind !== 'request') throw new Error('not a request');
  return {
    callId,
    received,
    answer,
    ringing,
    aliceDialog: callerDialog(request, answer),
    bobDialog: calleeDialog(received, bob.tag),
  };
}
