/**
 * Late and stray responses at the forking proxy, on real sockets (RFC 6026, updating RFC 3261 §16.7):
 * a 2xx matching the branch's INVITE client transaction in Accepted is forwarded; a response matching
 * no client transaction is not, 2xx included.
 */

import { describe, expect, it } from 'vitest';
import { serializeMessage } from '#sip/message/index.js';
import type { SipMessage, SipRequest } from '#sip/message/types.js';
import { ProxyTestBed } from './support/proxy-test-bed.js';
import { dial } from './support/route-plans.js';
import { parseRaw } from './support/sip-peer.js';

const bed = ProxyTestBed.use();
const { plans } = bed;
const udpPeer = (name: string) => bed.udpPeer(name);

/** A caller and a callee with the callee's INVITE received and answered with 200. */
async function answeredCall(user: string) {
  const callee = await udpPeer(`${user}-callee`);
  plans.on(user, () => dial(user, [{ uri: callee.contact }]));
  const caller = await udpPeer(`${user}-caller`);
  await caller.send(caller.build({ method: 'INVITE', uri: `sip:${user}@acme.sip.localhost` }));
  const received = await callee.request('INVITE');
  await callee.respond(received, 200, 'OK');
  expect((await caller.response('INVITE', 200)).base.to.tag).toBe(callee.tag);
  return { caller, callee, received };
}

/** `request` with the branch of its top Via (the gateway's) replaced: no client transaction has it. */
function withUnknownBranch(request: SipRequest): SipRequest {
  const branch = request.base.via[0].branch ?? '';
  // The gateway's own branch format (derive-branch.ts), so only the transaction match tells it apart.
  const stray = branch.replace(/\.\d+$/, '.9999');
  const message = parseRaw(Buffer.from(serializeMessage(request)).toString('latin1').replace(branch, stray));
  if (message.kind !== 'request' || message.base.via[0].branch !== stray)
    throw new Error('branch not replaced');
  return message;
}

const answersTagged = (tag: string) => (m: SipMessage) =>
  m.kind === 'response' && m.base.cseq.method === 'INVITE' && m.base.to.tag === tag;

describe('late and stray responses to INVITE (RFC 6026)', () => {
  it("MUST forward a 2xx retransmission that arrives while the branch's INVITE client transaction is Accepted (RFC 6026 §7.2, §8.4)", async () => {
    const { caller, callee, received } = await answeredCall('accepted');
    await callee.respond(received, 200, 'OK');
    const again = await caller.response('INVITE', 200);
    expect(again.base.to.tag).toBe(callee.tag);
    expect(caller.seen(answersTagged(callee.tag))).toHaveLength(2);
  });

  it('MUST NOT forward a response to an INVITE that matches no client transaction, 2xx included (RFC 6026 §1, updating RFC 3261 §16.7)', async () => {
    const { caller, callee, received } = await answeredCall('stray');
    const unknown = withUnknownBranch(received);
    await callee.respond(unknown, 200, 'OK', { toTag: 'stray2xx' });
    await callee.respond(unknown, 486, 'Busy Here', { toTag: 'stray486' });
    // A retransmission of the real 2xx, sent after the strays on the same socket, still gets through.
    await callee.respond(received, 200, 'OK');
    expect((await caller.response('INVITE', 200)).base.to.tag).toBe(callee.tag);
    expect(caller.seen(answersTagged('stray2xx'))).toEqual([]);
    expect(caller.seen(answersTagged('stray486'))).toEqual([]);
  });
});
