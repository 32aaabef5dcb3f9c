import { describe, expect, it } from 'vitest';
import { withHeaderValues } from '#sip/message/header-lines.js';
import { getHeaderValue, getHeaderValues } from '#sip/message/index.js';
import type { SipRequest, SipUri, Uri } from '#sip/message/types.js';
import { routeCSeqOffset, withCSeqOffset } from '#sip/proxy/cseq-offset.js';
import { forwardRequest, ownVia } from '#sip/proxy/forward-request.js';
import { preprocessRoute } from '#sip/proxy/preprocess-route.js';
import { upstreamResponse } from '#sip/proxy/upstream-response.js';
import { invite, request, response } from './support.js';

const OURS_TCP = '<sip:tokB@10.0.0.1:5060;transport=tcp;lr;ob>';
const OURS_UDP = '<sip:tokA@10.0.0.1:5060;transport=udp;lr;ob>';
const UPSTREAM = '<sip:edge.example.org;lr>';
const DOWNSTREAM = '<sip:callee-proxy.example.net;lr>';

const isOwnUri = (uri: Uri): uri is SipUri => 'host' in uri && uri.host === '10.0.0.1' && uri.port === 5060;

/** The caller's INVITE (CSeq 1, one Record-Route from a proxy before us) and the branch's copy, re-sent with CSeq 1 + `offset`. */
function call(offset: number) {
  const received = invite(`Record-Route: ${UPSTREAM}`);
  const forwarded = forwardRequest(received, {
    recordRoute: [OURS_TCP, OURS_UDP],
    pushRoutes: [],
    addHeaders: [],
    via: ownVia('10.0.0.1', 5060, 'tcp', 'z9hG4bKgw.0'),
    maxForwardsDefault: 70,
  });
  const sent = withHeaderValues(forwarded, 'CSeq', [`${1 + offset} INVITE`]);
  return { received, sent };
}

/** The callee's answer as it reaches the gateway: Record-Route copied in order, one more proxy above us. */
const answer = (status: number, cseq: number) =>
  response(
    status,
    'Via: SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bKgw.0',
    'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKcaller;rport',
    `Record-Route: ${DOWNSTREAM}, ${OURS_TCP}`,
    `Record-Route: ${OURS_UDP}, ${UPSTREAM}`,
    'From: "Alice" <sip:alice@example.org>;tag=a1',
    'To: <sip:bob@acme.sip.localhost>;tag=b1',
    'Call-ID: call-1',
    `CSeq: ${cseq} INVITE`,
    'Contact: <sip:bob@192.0.2.20:5060>',
  );

/** A request from a dialog's route set, as preprocessed by this gateway (RFC 3261 §16.4). */
function inDialog(method: string, seq: number, routes: readonly string[], ...extra: string[]): SipRequest {
  return request(
    `${method} sip:bob@192.0.2.20:5060 SIP/2.0`,
    'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKdialog',
    `Route: ${routes.join(', ')}`,
    'From: "Alice" <sip:alice@example.org>;tag=a1',
    'To: <sip:bob@acme.sip.localhost>;tag=b1',
    'Call-ID: call-1',
    `CSeq: ${seq} ${method}`,
    ...extra,
  );
}

function offsetOf(message: SipRequest): number {
  const routed = preprocessRoute(message, isOwnUri);
  if (!routed.ok) throw new Error(routed.error);
  return routeCSeqOffset(routed.value.popped);
}

describe('CSeq offset after answering a challenge (RFC 3261 §22.2, Kamailio track_cseq_updates)', () => {
  it("MUST relay the callee's responses with the caller's CSeq and the offset on both of this gateway's Record-Route entries (RFC 3261 §16.7 step 8, RFC 5658)", () => {
    const { received, sent } = call(1);
    for (const status of [180, 200]) {
      const upstream = upstreamResponse(answer(status, 2), received, sent);
      expect(upstream?.base.cseq).toEqual({ seq: 1, method: 'INVITE' });
      expect(getHeaderValues(upstream ?? received, 'record-route')).toEqual([
        DOWNSTREAM,
        '<sip:tokB@10.0.0.1:5060;transport=tcp;lr;ob;cseq-offset=1>',
        '<sip:tokA@10.0.0.1:5060;transport=udp;lr;ob;cseq-offset=1>',
        UPSTREAM,
      ]);
    }
  });

  it("MUST leave the Record-Route alone when the branch kept the caller's CSeq", () => {
    const { received, sent } = call(0);
    const upstream = upstreamResponse(answer(200, 1), received, sent);
    expect(getHeaderValues(upstream ?? received, 'record-route')).toEqual([
      DOWNSTREAM,
      OURS_TCP,
      OURS_UDP,
      UPSTREAM,
    ]);
  });

  it("MUST send the caller's in-dialog requests to the callee with CSeq shifted by the offset their Route carries (RFC 3261 §12.2.1.1)", () => {
    const { received, sent } = call(1);
    const upstream = upstreamResponse(answer(200, 2), received, sent);
    if (upstream === null) throw new Error('no response for the caller');
    // RFC 3261 §12.1.2: the caller's route set is the 2xx's Record-Route, reversed.
    const routeSet = getHeaderValues(upstream, 'record-route').reverse();
    const bye = inDialog('BYE', 2, routeSet.slice(1));
    const offset = offsetOf(bye);
    expect(offset).toBe(1);
    expect(withCSeqOffset(bye, offset).base.cseq).toEqual({ seq: 3, method: 'BYE' });
    const reinvite = inDialog('INVITE', 3, routeSet.slice(1));
    expect(withCSeqOffset(reinvite, offsetOf(reinvite)).base.cseq).toEqual({ seq: 4, method: 'INVITE' });
  });

  it('MUST keep an ACK for a 2xx on the CSeq number of the INVITE the callee answered (RFC 3261 §13.2.2.4)', () => {
    const ack = inDialog('ACK', 1, ['<sip:tokA@10.0.0.1:5060;transport=udp;lr;ob;cseq-offset=1>']);
    expect(withCSeqOffset(ack, offsetOf(ack)).base.cseq).toEqual({ seq: 2, method: 'ACK' });
  });

  it("MUST shift the CSeq number in a caller's PRACK RAck as well (RFC 3262 §7.2)", () => {
    const prack = inDialog('PRACK', 2, ['<sip:tokA@10.0.0.1:5060;lr;cseq-offset=1>'], 'RAck: 776 1 INVITE');
    const shifted = withCSeqOffset(prack, offsetOf(prack));
    expect(shifted.base.cseq.seq).toBe(3);
    expect(getHeaderValue(shifted, 'rack')).toBe('776 2 INVITE');
  });

  it("MUST NOT shift the callee's requests: its route set comes from the INVITE, which carries no offset", () => {
    const { sent } = call(1);
    const calleeRouteSet = getHeaderValues(sent, 'record-route');
    expect(calleeRouteSet.join(',')).not.toContain('cseq-offset');
    const bye = request(
      'BYE sip:alice@192.0.2.1:5060 SIP/2.0',
      'Via: SIP/2.0/TCP 192.0.2.20:5060;branch=z9hG4bKcallee',
      `Route: ${calleeRouteSet.join(', ')}`,
      'From: <sip:bob@acme.sip.localhost>;tag=b1',
      'To: "Alice" <sip:alice@example.org>;tag=a1',
      'Call-ID: call-1',
      'CSeq: 7 BYE',
    );
    expect(offsetOf(bye)).toBe(0);
    expect(withCSeqOffset(bye, 0)).toBe(bye);
  });

  it('ignores an offset that is not a number, and one that would push CSeq past 2**32-1 (RFC 3261 §8.1.1.5)', () => {
    expect(offsetOf(inDialog('BYE', 2, ['<sip:tokA@10.0.0.1:5060;lr;cseq-offset=x>']))).toBe(0);
    const high = inDialog('BYE', 0xffff_ffff, ['<sip:tokA@10.0.0.1:5060;lr;cseq-offset=1>']);
    expect(withCSeqOffset(high, offsetOf(high)).base.cseq.seq).toBe(0xffff_ffff);
  });
});
