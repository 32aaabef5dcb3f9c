/**
 * The forking proxy on real sockets: a route handler returns ProxyResults, callees are SIP peers on
 * loopback (UDP, and TCP flows registered through the gateway), the caller is a UDP peer.
 */

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeDigestResponse } from '#functions/shared/digest/digest-response.js';
import { getCredentials, getHeaderValue, getHeaderValues } from '#sip/message/index.js';
import type { SipMessage } from '#sip/message/types.js';
import { formatUri } from '#sip/message/uri/format-uri.js';
import { ProxyTestBed } from './support/proxy-test-bed.js';
import { dial } from './support/route-plans.js';
import { calleeDialog, callerDialog, parseRaw, SipPeer } from './support/sip-peer.js';

const SDP =
  'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';
const COMPLETED_ELSEWHERE = 'SIP;cause=200;text="Call completed elsewhere"';

const bed = ProxyTestBed.use();
const { plans } = bed;
const port = (protocol: 'udp' | 'tcp') => bed.port(protocol);
const udpPeer = (name: string) => bed.udpPeer(name);
const tcpDevice = (name: string) => bed.tcpDevice(name);

function invite(caller: SipPeer, user: string, callId = `${user}-call`): string {
  return caller.build({
    method: 'INVITE',
    uri: `sip:${user}@acme.sip.localhost`,
    callId,
    headers: ['Content-Type: application/sdp'],
    body: SDP,
  });
}

const statuses = (peer: SipPeer, method: string) =>
  peer
    .seen((m: SipMessage) => m.kind === 'response' && m.base.cseq.method === method)
    .map((m) => (m.kind === 'response' ? m.status : 0));

describe('forking (RFC 3261 §16.6, §16.7)', () => {
  it('MUST fork to every target in parallel over UDP and TCP, forward 180, and let the first 2xx win with CANCEL and Reason for the rest (§16.7 step 10, RFC 3326)', async () => {
    const [a, b] = await Promise.all([udpPeer('fa'), udpPeer('fb')]);
    const c = await tcpDevice('fc');
    plans.on('fork1', () =>
      dial('fork1', [
        { uri: a.contact },
        { uri: b.contact },
        {
          uri: c.peer.contact,
          flow: { edge: 'ashburn', instanceId: 'test-1', flowId: c.flowId, relayAddress: '127.0.0.1:1' },
        },
      ]),
    );
    const caller = await udpPeer('caller1');
    await caller.send(invite(caller, 'fork1'));
    const [ia, ib, ic] = await Promise.all([
      a.request('INVITE'),
      b.request('INVITE'),
      c.peer.request('INVITE'),
    ]);

    // §16.6: Request-URI, Max-Forwards, Via, Record-Route; the body is untouched.
    expect(formatUri(ia.uri)).toBe(a.contact);
    expect(ia.base.maxForwards).toBe(69);
    expect(ia.base.via[0]).toMatchObject({ host: '127.0.0.1', port: port('udp'), transport: 'UDP' });
    expect(ia.base.via[0].branch).toMatch(/^z9hG4bK/);
    expect(ia.base.via).toHaveLength(2);
    expect(Buffer.from(ia.body).toString('latin1')).toBe(SDP);
    expect(getHeaderValues(ia, 'record-route')).toEqual([
      expect.stringMatching(
        new RegExp(`^<sip:[A-Za-z0-9_-]+@127\\.0\\.0\\.1:\\d+;transport=udp;lr;ob;ftag=${caller.tag}>$`),
      ),
    ]);
    // RFC 5658: in over UDP, out over TCP: two entries, the one facing the callee on top.
    const rr = getHeaderValues(ic, 'record-route');
    expect(rr).toHaveLength(2);
    expect(rr[0]).toContain(`:${port('tcp')};transport=tcp;`);
    expect(rr[1]).toContain(`:${port('udp')};transport=udp;`);
    expect(new Set([ia, ib, ic].map((r) => r.base.via[0].branch)).size).toBe(3);

    await a.respond(ia, 100, 'Trying');
    await a.respond(ia, 180, 'Ringing');
    await c.peer.respond(ic, 183, 'Session Progress');
    const ringing = await caller.response('INVITE', 180);
    expect(ringing.base.to.tag).toBe(a.tag);
    expect(ringing.base.via).toHaveLength(1);
    await caller.response('INVITE', 183);

    await b.respond(ib, 200, 'OK', { body: SDP, headers: ['Content-Type: application/sdp'] });
    const answer = await caller.response('INVITE', 200);
    expect(answer.base.to.tag).toBe(b.tag);
    expect(Buffer.from(answer.body).toString('latin1')).toBe(SDP);

    const [cancelA, cancelC] = await Promise.all([a.request('CANCEL'), c.peer.request('CANCEL')]);
    for (const cancel of [cancelA, cancelC]) {
      expect(getHeaderValue(cancel, 'reason')).toBe(COMPLETED_ELSEWHERE);
    }
    expect(cancelA.base.via[0].branch).toBe(ia.base.via[0].branch);
    expect(formatUri(cancelA.uri)).toBe(formatUri(ia.uri));
    await a.respond(cancelA, 200, 'OK');
    await a.respond(ia, 487, 'Request Terminated');
    const ack = await a.request('ACK');
    expect(ack.base.via[0].branch).toBe(ia.base.via[0].branch);
    expect(b.seen((m) => m.kind === 'request' && m.method === 'CANCEL')).toHaveLength(0);
    // §16.7 step 5: the branch's 100 is not forwarded; the caller saw only the gateway's own.
    expect(statuses(caller, 'INVITE').filter((s) => s === 100)).toHaveLength(1);
  });

  it('MUST forward every 2xx, not only the first (RFC 6026 §4, RFC 3261 §16.7 step 5)', async () => {
    const [a, b] = await Promise.all([udpPeer('ta'), udpPeer('tb')]);
    plans.on('both', () => dial('both', [{ uri: a.contact }, { uri: b.contact }]));
    const caller = await udpPeer('caller2');
    await caller.send(invite(caller, 'both'));
    const [ia, ib] = await Promise.all([a.request('INVITE'), b.request('INVITE')]);
    await a.respond(ia, 200, 'OK');
    await b.respond(ib, 200, 'OK');
    const first = await caller.response('INVITE', 200);
    const second = await caller.response('INVITE', 200);
    expect(new Set([first.base.to.tag, second.base.to.tag])).toEqual(new Set([a.tag, b.tag]));
  });

  it('MUST choose the best response when no branch answers: 486 over 404 (§16.7 step 6), reported as busy', async () => {
    const [a, b] = await Promise.all([udpPeer('ba'), udpPeer('bb')]);
    plans.on('busy', () => dial('busy', [{ uri: a.contact }, { uri: b.contact }]));
    const caller = await udpPeer('caller3');
    await caller.send(invite(caller, 'busy'));
    const [ia, ib] = await Promise.all([a.request('INVITE'), b.request('INVITE')]);
    await a.respond(ia, 404, 'Not Found');
    await b.respond(ib, 486, 'Busy Here', { headers: ['X-Why: on the phone'] });
    const final = await caller.response('INVITE');
    expect(final.status).toBe(486);
    const [progress] = await plans.progressOf('busy');
    expect(progress?.outcome).toMatchObject({
      dialCallStatus: 'busy',
      sipResponseCode: 486,
      dialCallDurationSec: 0,
      headers: [{ name: 'X-Why', value: 'on the phone' }],
    });
    expect(progress?.callerAwaitingAnswer).toBe(true);
    expect(progress?.callSid).toBe('CAbusy');
  });

  it('MUST cancel the other branches on a 6xx and forward it (§16.7 step 5)', async () => {
    const [a, b] = await Promise.all([udpPeer('sa'), udpPeer('sb')]);
    plans.on('decline', () => dial('decline', [{ uri: a.contact }, { uri: b.contact }]));
    const caller = await udpPeer('caller4');
    await caller.send(invite(caller, 'decline'));
    const [ia, ib] = await Promise.all([a.request('INVITE'), b.request('INVITE')]);
    await a.respond(ia, 180, 'Ringing');
    await caller.response('INVITE', 180);
    await b.respond(ib, 603, 'Decline');
    const cancel = await a.request('CANCEL');
    await a.respond(cancel, 200, 'OK');
    await a.respond(ia, 487, 'Request Terminated');
    expect((await caller.response('INVITE')).status).toBe(603);
    const [progress] = await plans.progressOf('decline');
    expect(progress?.outcome.dialCallStatus).toBe('busy');
  });

  it('MUST cancel every branch when the dial timeout passes, and answer 480 (no-answer)', async () => {
    const a = await udpPeer('na');
    plans.on('late', () => dial('late', [{ uri: a.contact }], { timeoutSec: 1 }));
    const caller = await udpPeer('caller5');
    await caller.send(invite(caller, 'late'));
    const ia = await a.request('INVITE');
    await a.respond(ia, 180, 'Ringing');
    const cancel = await a.request('CANCEL');
    expect(getHeaderValue(cancel, 'reason')).toBeNull();
    await a.respond(cancel, 200, 'OK');
    await a.respond(ia, 487, 'Request Terminated');
    expect((await caller.response('INVITE')).status).toBe(480);
    const [progress] = await plans.progressOf('late');
    expect(progress?.outcome).toMatchObject({ dialCallStatus: 'no-answer', sipResponseCode: 480 });
  });

  it("MUST cancel every branch on the caller's CANCEL and answer the INVITE with 487 (§16.10)", async () => {
    const [a, b] = await Promise.all([udpPeer('ca'), udpPeer('cb')]);
    plans.on('hangup', () => dial('hangup', [{ uri: a.contact }, { uri: b.contact }]));
    const caller = await udpPeer('caller6');
    const text = invite(caller, 'hangup');
    await caller.send(text);
    const [ia, ib] = await Promise.all([a.request('INVITE'), b.request('INVITE')]);
    await a.respond(ia, 180, 'Ringing');
    await b.respond(ib, 180, 'Ringing');
    await caller.response('INVITE', 180);
    const branch = /branch=([^;\r]+)/.exec(text)?.[1] ?? '';
    await caller.send(
      caller
        .build({ method: 'CANCEL', uri: 'sip:hangup@acme.sip.localhost', callId: 'hangup-call', branch })
        .replace(/^Contact: .*\r\n/m, ''),
    );
    expect((await caller.response('CANCEL')).status).toBe(200);
    expect((await caller.response('INVITE')).status).toBe(487);
    const [cancelA, cancelB] = await Promise.all([a.request('CANCEL'), b.request('CANCEL')]);
    expect(cancelA.base.callId).toBe('hangup-call');
    expect(cancelB.base.callId).toBe('hangup-call');
    const [progress] = await plans.progressOf('hangup');
    expect(progress?.outcome.dialCallStatus).toBe('canceled');
    expect(progress?.callerAwaitingAnswer).toBe(false);
  });

  it('fails the dial at once as no-answer when it has no target', async () => {
    plans.on('nobody', () => dial('nobody', []));
    const caller = await udpPeer('caller7');
    await caller.send(invite(caller, 'nobody'));
    expect((await caller.response('INVITE')).status).toBe(480);
    const [progress] = await plans.progressOf('nobody');
    expect(progress?.outcome.dialCallStatus).toBe('no-answer');
  });

  it('lets the route handler decide after an unanswered dial: a new dial (next verb), then a response', async () => {
    const [a, b] = await Promise.all([udpPeer('xa'), udpPeer('xb')]);
    let dials = 0;
    plans.on(
      'next',
      () => dial('next', [{ uri: a.contact }]),
      () => {
        dials += 1;
        return dials === 1
          ? dial('next', [{ uri: b.contact }])
          : { version: 1, action: 'respond', status: 486, reason: 'Busy Here', headers: [] };
      },
    );
    const caller = await udpPeer('caller8');
    await caller.send(invite(caller, 'next'));
    const ia = await a.request('INVITE');
    await a.respond(ia, 404, 'Not Found');
    const ib = await b.request('INVITE');
    await b.respond(ib, 480, 'Temporarily Unavailable');
    expect((await caller.response('INVITE')).status).toBe(486);
    const events = await plans.progressOf('next', 2);
    expect(events.map((e) => e.outcome.dialCallStatus)).toEqual(['failed', 'no-answer']);
  });

  it('waits delayMs (<Pause>) before ringing', async () => {
    const a = await udpPeer('pa');
    plans.on('pause', () => dial('pause', [{ uri: a.contact }], { delayMs: 400 }));
    const caller = await udpPeer('caller9');
    const sentAt = Date.now();
    await caller.send(invite(caller, 'pause'));
    const ia = await a.request('INVITE');
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(380);
    await a.respond(ia, 486, 'Busy Here');
    expect((await caller.response('INVITE')).status).toBe(486);
  });
});

describe('authentication towards the far end (RFC 3261 §22.2, §16.7 step 7)', () => {
  it('MUST answer a 401 once with digest credentials when the target has them, incrementing CSeq (§22.2)', async () => {
    const callee = await udpPeer('auth');
    plans.on('secure', () =>
      dial('secure', [{ uri: callee.contact, credentials: { username: 'gw', password: 's3cret' } }]),
    );
    const caller = await udpPeer('caller14');
    const text = invite(caller, 'secure');
    await caller.send(text);
    const first = await callee.request('INVITE');
    await callee.respond(first, 401, 'Unauthorized', {
      headers: [
        'WWW-Authenticate: Digest realm="far.example", nonce="n0nce", qop="auth", algorithm=MD5, opaque="op"',
      ],
    });
    await callee.request('ACK');
    const retried = await callee.request('INVITE');
    expect(retried.base.cseq.seq).toBe(first.base.cseq.seq + 1);
    expect(retried.base.via[0].branch).not.toBe(first.base.via[0].branch);
    const credentials = getCredentials(retried, 'authorization');
    const digest = credentials.ok ? credentials.value[0]?.digest : null;
    if (!digest) throw new Error('no digest credentials');
    expect(digest).toMatchObject({
      username: 'gw',
      realm: 'far.example',
      nonce: 'n0nce',
      qop: 'auth',
      opaque: 'op',
    });
    const ha1 = createHash('md5').update('gw:far.example:s3cret').digest('hex');
    const expected = computeDigestResponse('MD5', {
      ha1,
      method: 'INVITE',
      uri: digest.uri,
      nonce: 'n0nce',
      nc: digest.nc ?? '',
      cnonce: digest.cnonce ?? '',
      qop: 'auth',
    });
    expect(digest.response).toBe(expected);
    await callee.respond(retried, 200, 'OK');
    const answer = await caller.response('INVITE', 200);
    // The caller's INVITE had CSeq 1: the response it gets must match it.
    expect(answer.base.cseq.seq).toBe(1);
    const dialog = callerDialog(parseInvite(text), answer);
    await caller.send(caller.inDialog(dialog, 'ACK'));
    expect((await callee.request('ACK')).base.cseq.seq).toBe(2);
    await caller.send(caller.inDialog(dialog, 'BYE'));
    const bye = await callee.request('BYE');
    expect(bye.base.cseq.seq).toBe(3);
    await callee.respond(bye, 200, 'OK');
    expect((await caller.response('BYE')).base.cseq.seq).toBe(2);
  });

  it('MUST add the challenges of every 401/407 branch to the chosen one (§16.7 step 7)', async () => {
    const [a, b] = await Promise.all([udpPeer('ga'), udpPeer('gb')]);
    plans.on('challenge', () => dial('challenge', [{ uri: a.contact }, { uri: b.contact }]));
    const caller = await udpPeer('caller15');
    await caller.send(invite(caller, 'challenge'));
    const [ia, ib] = await Promise.all([a.request('INVITE'), b.request('INVITE')]);
    await a.respond(ia, 407, 'Proxy Authentication Required', {
      headers: ['Proxy-Authenticate: Digest realm="a.example", nonce="na"'],
    });
    await b.respond(ib, 401, 'Unauthorized', {
      headers: ['WWW-Authenticate: Digest realm="b.example", nonce="nb"'],
    });
    const final = await caller.response('INVITE');
    expect([401, 407]).toContain(final.status);
    expect(getHeaderValue(final, 'proxy-authenticate')).toContain('a.example');
    expect(getHeaderValue(final, 'www-authenticate')).toContain('b.example');
  });
});

describe('dialogs through the Record-Route (RFC 3261 §16.4, §16.12)', () => {
  it('MUST route ACK and BYE of the call by its Record-Route without asking the route handler, and report the call completed', async () => {
    const callee = await udpPeer('da');
    plans.on('dialog', () => dial('dialog', [{ uri: callee.contact }]));
    const caller = await udpPeer('caller10');
    await caller.send(invite(caller, 'dialog'));
    const received = await callee.request('INVITE');
    await callee.respond(received, 200, 'OK', { body: SDP, headers: ['Content-Type: application/sdp'] });
    const answer = await caller.response('INVITE', 200);
    const sent = parseInvite(invite(caller, 'dialog'));
    const dialog = callerDialog(sent, answer);
    expect(dialog.routeSet).toHaveLength(1);

    await caller.send(caller.inDialog(dialog, 'ACK'));
    const ack = await callee.request('ACK');
    expect(ack.base.cseq.seq).toBe(1);
    expect(getHeaderValues(ack, 'route')).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await caller.send(caller.inDialog(dialog, 'BYE'));
    const bye = await callee.request('BYE');
    expect(formatUri(bye.uri)).toBe(callee.contact);
    await callee.respond(bye, 200, 'OK');
    expect((await caller.response('BYE')).status).toBe(200);
    expect(plans.invitesTo('dialog')).toBe(1);
    const [progress] = await plans.progressOf('dialog');
    expect(progress?.outcome).toMatchObject({ dialCallStatus: 'completed', sipResponseCode: 200 });
    expect(progress?.outcome.dialCallDurationSec).toBe(1);
    expect(progress?.callerAwaitingAnswer).toBe(false);
    expect(progress?.answeredAtMs).not.toBeNull();
    expect(progress?.endedAtMs).not.toBeNull();
  });

  it('MUST route a BYE from the callee back to the caller over the TCP flow (RFC 5626 §5.3)', async () => {
    const device = await tcpDevice('dt');
    plans.on('back', () =>
      dial('back', [
        {
          uri: device.peer.contact,
          flow: { edge: 'ashburn', instanceId: 'test-1', flowId: device.flowId, relayAddress: '127.0.0.1:1' },
        },
      ]),
    );
    const caller = await udpPeer('caller11');
    await caller.send(invite(caller, 'back'));
    const received = await device.peer.request('INVITE');
    await device.peer.respond(received, 200, 'OK');
    await caller.response('INVITE', 200);
    const dialog = calleeDialog(received, device.peer.tag);
    await device.peer.send(device.peer.inDialog(dialog, 'BYE'));
    const bye = await caller.request('BYE');
    expect(bye.base.from.tag).toBe(device.peer.tag);
    expect(getHeaderValues(bye, 'route')).toEqual([]);
    await caller.respond(bye, 200, 'OK');
    expect((await device.peer.response('BYE')).status).toBe(200);
    expect(plans.invitesTo('back')).toBe(1);
    const [progress] = await plans.progressOf('back');
    expect(progress?.outcome.dialCallStatus).toBe('completed');
  });

  it('MUST route a BYE from a callee that reconnected (arriving over neither flow) to the caller, by the ftag in its route (RFC 5626 §5.3)', async () => {
    const caller = await tcpDevice('rc-caller');
    const callee = await tcpDevice('rc-callee');
    plans.on('reconnect', () =>
      dial('reconnect', [
        {
          uri: callee.peer.contact,
          flow: { edge: 'ashburn', instanceId: 'test-1', flowId: callee.flowId, relayAddress: '127.0.0.1:1' },
        },
      ]),
    );
    // Behind NAT: the caller's Contact is not where its flow leads, so only the flow reaches it.
    const natted = invite(caller.peer, 'reconnect').replace(
      /^Contact: .*$/m,
      'Contact: <sip:rc-caller@10.9.8.7:5060;transport=tcp>',
    );
    await caller.peer.send(natted);
    const received = await callee.peer.request('INVITE');
    await callee.peer.respond(received, 200, 'OK');
    await caller.peer.response('INVITE', 200);
    const reconnected = await SipPeer.tcp('rc-callee-again', port('tcp'));
    try {
      await reconnected.send(reconnected.inDialog(calleeDialog(received, callee.peer.tag), 'BYE'));
      const bye = await caller.peer.request('BYE');
      expect(bye.base.from.tag).toBe(callee.peer.tag);
      await caller.peer.respond(bye, 200, 'OK');
      expect((await reconnected.response('BYE')).status).toBe(200);
    } finally {
      await reconnected.close();
    }
  });

  it('MUST refuse a forged flow token with 403 (RFC 5626 §5.3)', async () => {
    const caller = await udpPeer('caller12');
    const forged = `<sip:${Buffer.from('["test-1.f1",null,null,null]AAAAAAAAAAAAAAAA').toString('base64url')}@127.0.0.1:${port('udp')};transport=udp;lr>`;
    await caller.send(
      caller
        .build({
          method: 'BYE',
          uri: 'sip:someone@127.0.0.1:5999',
          headers: [`Route: ${forged}`],
        })
        .replace(/^To: (.*)$/m, 'To: $1;tag=x1'),
    );
    expect((await caller.response('BYE')).status).toBe(403);
  });

  it('ends the call itself when the time limit passes: BYE to both parties (documented proxy exception)', async () => {
    const callee = await udpPeer('la');
    plans.on('limit', () => dial('limit', [{ uri: callee.contact }], { timeLimitSec: 1 }));
    const caller = await udpPeer('caller13');
    await caller.send(invite(caller, 'limit'));
    const received = await callee.request('INVITE');
    await callee.respond(received, 200, 'OK');
    await caller.response('INVITE', 200);
    const [toCallee, toCaller] = await Promise.all([callee.request('BYE'), caller.request('BYE')]);
    expect(toCallee.base.to.tag).toBe(callee.tag);
    expect(toCallee.base.from.tag).toBe(caller.tag);
    expect(toCaller.base.to.tag).toBe(caller.tag);
    expect(toCaller.base.from.tag).toBe(callee.tag);
    expect(formatUri(toCaller.uri)).toBe(caller.contact);
    await callee.respond(toCallee, 200, 'OK');
    await caller.respond(toCaller, 200, 'OK');
    const [progress] = await plans.progressOf('limit');
    expect(progress?.outcome).toMatchObject({ dialCallStatus: 'completed', dialCallDurationSec: 1 });
  });
});

function parseInvite(text: string) {
  const message = parseRaw(text);
  if (message.kind !== 'request') throw new Error('not a request');
  return message;
}
