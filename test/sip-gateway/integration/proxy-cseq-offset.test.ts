/**
 * The CSeq offset a challenge answered towards the far end leaves in the dialog (RFC 3261 §22.2: the
 * re-sent INVITE has CSeq+1), on real sockets: callees are SIP peers on loopback, the caller is a UDP peer.
 */

import { describe, expect, it } from 'vitest';
import { getHeaderValues } from '#sip/message/index.js';
import type { SipRequest } from '#sip/message/types.js';
import { startTestGateway } from '#test/support/gateway-fixture.js';
import { ProxyTestBed } from './support/proxy-test-bed.js';
import { dial } from './support/route-plans.js';
import { calleeDialog, callerDialog, parseRaw, type SipPeer } from './support/sip-peer.js';

const bed = ProxyTestBed.use();
const { plans } = bed;
const udpPeer = (name: string) => bed.udpPeer(name);
const tcpDevice = (name: string) => bed.tcpDevice(name);
const CREDENTIALS = { username: 'gw', password: 's3cret' };
const CHALLENGE = ['Proxy-Authenticate: Digest realm="far.example", nonce="n0nce", qop="auth"'];

/** The caller's INVITE to `user` (CSeq 1): its text, sent, and its parsed form, for the dialog. */
function invite(caller: SipPeer, user: string): { text: string; request: SipRequest } {
  const text = caller.build({ method: 'INVITE', uri: `sip:${user}@acme.sip.localhost` });
  const request = parseRaw(text);
  if (request.kind !== 'request') throw new Error('not a request');
  return { text, request };
}

/** The callee challenges the first INVITE, then gets the one re-sent with credentials. */
async function challenged(callee: SipPeer): Promise<SipRequest> {
  const first = await callee.request('INVITE');
  expect(first.base.cseq.seq).toBe(1);
  await callee.respond(first, 407, 'Proxy Authentication Required', { headers: CHALLENGE });
  await callee.request('ACK');
  const retried = await callee.request('INVITE');
  expect(retried.base.cseq.seq).toBe(2);
  return retried;
}

describe('CSeq after answering a far-end challenge (RFC 3261 §22.2, §12.2.1.1)', () => {
  it("MUST shift the caller's in-dialog requests by the offset, give their responses the caller's CSeq back, and leave the callee's requests alone (RFC 3261 §13.2.2.4, RFC 5658)", async () => {
    const callee = await tcpDevice('oc');
    plans.on('offset', () =>
      dial('offset', [
        {
          uri: callee.peer.contact,
          flow: { edge: 'ashburn', instanceId: 'test-1', flowId: callee.flowId, relayAddress: '127.0.0.1:1' },
          credentials: CREDENTIALS,
        },
      ]),
    );
    const caller = await udpPeer('ocaller');
    const sent = invite(caller, 'offset');
    await caller.send(sent.text);
    const retried = await challenged(callee.peer);

    await callee.peer.respond(retried, 180, 'Ringing');
    expect((await caller.response('INVITE', 180)).base.cseq.seq).toBe(1);
    await callee.peer.respond(retried, 200, 'OK');
    const answer = await caller.response('INVITE', 200);
    expect(answer.base.cseq.seq).toBe(1);
    // In over UDP, out over TCP: both Record-Route entries of the gateway carry the offset.
    const recordRoute = getHeaderValues(answer, 'record-route');
    expect(recordRoute).toHaveLength(2);
    for (const value of recordRoute) expect(value).toContain(';cseq-offset=1>');
    // The callee's route set, from the INVITE, has no offset.
    expect(getHeaderValues(retried, 'record-route').join()).not.toContain('cseq-offset');

    const dialog = callerDialog(sent.request, answer);
    await caller.send(caller.inDialog(dialog, 'ACK'));
    expect((await callee.peer.request('ACK')).base.cseq).toEqual({ seq: 2, method: 'ACK' });

    await caller.send(caller.inDialog(dialog, 'INVITE'));
    const reinvite = await callee.peer.request('INVITE');
    expect(reinvite.base.cseq.seq).toBe(3);
    await callee.peer.respond(reinvite, 200, 'OK');
    expect((await caller.response('INVITE', 200)).base.cseq.seq).toBe(2);
    await caller.send(caller.inDialog(dialog, 'ACK'));
    expect((await callee.peer.request('ACK')).base.cseq).toEqual({ seq: 3, method: 'ACK' });

    const back = calleeDialog(retried, callee.peer.tag);
    await callee.peer.send(callee.peer.inDialog(back, 'INFO'));
    const info = await caller.request('INFO');
    expect(info.base.cseq.seq).toBe(101);
    await caller.respond(info, 200, 'OK');
    expect((await callee.peer.response('INFO', 200)).base.cseq.seq).toBe(101);

    await caller.send(caller.inDialog(dialog, 'BYE'));
    const bye = await callee.peer.request('BYE');
    expect(bye.base.cseq.seq).toBe(4);
    await callee.peer.respond(bye, 200, 'OK');
    expect((await caller.response('BYE', 200)).base.cseq.seq).toBe(3);
  });

  it('MUST keep shifting after a gateway restart: the offset travels in the route set, not in gateway memory', async () => {
    const callee = await udpPeer('rc');
    plans.on('restart', () => dial('restart', [{ uri: callee.contact, credentials: CREDENTIALS }]));
    const caller = await udpPeer('rcaller');
    const sent = invite(caller, 'restart');
    await caller.send(sent.text);
    const retried = await challenged(callee);
    await callee.respond(retried, 200, 'OK');
    const answer = await caller.response('INVITE', 200);
    const dialog = callerDialog(sent.request, answer);
    await caller.send(caller.inDialog(dialog, 'ACK'));
    expect((await callee.request('ACK')).base.cseq.seq).toBe(2);

    const udpPort = bed.port('udp');
    await bed.fixture.stop();
    bed.fixture = await startTestGateway({ route: plans.handler }, { udpPort });

    await caller.send(caller.inDialog(dialog, 'BYE'));
    const bye = await callee.request('BYE');
    expect(bye.base.cseq.seq).toBe(3);
    await callee.respond(bye, 200, 'OK');
    expect((await caller.response('BYE', 200)).base.cseq.seq).toBe(2);
  });
});
