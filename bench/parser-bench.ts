/// <reference path="../types/sip.d.ts" />
/**
 * Parser throughput: SipEdge `parseMessage` (plus the typed Contact and credentials parsers) against
 * the `sip` npm package's `sip.parse` (plus `sip.parseUri` on the request, From, To and Contact URIs,
 * which it leaves as strings). Both sides start from the same bytes and end with parsed Via, From,
 * To, CSeq, Call-ID, Contact and auth values. Each message is warmed up on both sides, then measured
 * in rounds that alternate the two sides, so that load from other processes hits both alike.
 * Bounded: fixed iteration counts, about 15 s in all. Exits 1 when any ratio is below the target.
 * Run: npm run bench:parser
 */

import sip from 'sip';
import { getContacts, getCredentials } from '#sip/message/accessors.js';
import { parseMessage } from '#sip/parser/parse-message.js';

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'latin1');

const REGISTER = crlf([
  'REGISTER sip:example.sipedge.io SIP/2.0',
  'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport',
  'Max-Forwards: 70',
  'From: "Alice" <sip:alice@example.sipedge.io>;tag=1928301774',
  'To: <sip:alice@example.sipedge.io>',
  'Call-ID: a84b4c76e66710@pc33.example.com',
  'CSeq: 2 REGISTER',
  'Contact: <sip:alice@192.0.2.10:5060;transport=udp>;expires=3600;+sip.instance="<urn:uuid:00000000-0000-1000-8000-000A95A0E128>";reg-id=1',
  'Authorization: Digest username="alice", realm="example.sipedge.io", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="sip:example.sipedge.io", response="6629fae49393a05397450978507c4ef1", algorithm=MD5, cnonce="0a4f113b", opaque="5ccc069c403ebaf9f0171e9517f40e41", qop=auth, nc=00000001',
  'User-Agent: SipEdgeBench/1.0',
  'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER',
  'Expires: 3600',
  'Content-Length: 0',
  '',
  '',
]);

const SDP = [
  'v=0',
  'o=alice 2890844526 2890844526 IN IP4 192.0.2.10',
  's=-',
  'c=IN IP4 192.0.2.10',
  't=0 0',
  'm=audio 49170 RTP/AVP 0 8 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000',
  '',
].join('\r\n');

const INVITE = crlf([
  'INVITE sip:bob@example.sipedge.io SIP/2.0',
  'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK74bf9;rport',
  'Max-Forwards: 70',
  'From: "Alice" <sip:alice@example.sipedge.io>;tag=9fxced76sl',
  'To: <sip:bob@example.sipedge.io>',
  'Call-ID: 3848276298220188511@192.0.2.10',
  'CSeq: 1 INVITE',
  'Contact: <sip:alice@192.0.2.10:5060>',
  'Proxy-Authorization: Digest username="alice", realm="example.sipedge.io", nonce="b7102dd2f0e8b11d0f600bfb0c093dcd98", uri="sip:bob@example.sipedge.io", response="3fa49393a05397450978507c4ef16629", algorithm=MD5',
  'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS',
  'Supported: replaces, timer',
  'Content-Type: application/sdp',
  `Content-Length: ${SDP.length}`,
  '',
  SDP,
]);

const OK_200 = crlf([
  'SIP/2.0 200 OK',
  'Via: SIP/2.0/UDP 203.0.113.5:5060;branch=z9hG4bKnashds8;received=203.0.113.5',
  'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK74bf9;rport=5060;received=198.51.100.7',
  'From: "Alice" <sip:alice@example.sipedge.io>;tag=9fxced76sl',
  'To: <sip:bob@example.sipedge.io>;tag=8321234356',
  'Call-ID: 3848276298220188511@192.0.2.10',
  'CSeq: 1 INVITE',
  'Contact: <sip:bob@192.0.2.20:5060>',
  'Record-Route: <sip:203.0.113.5;lr>',
  'Content-Length: 0',
  '',
  '',
]);

function ours(bytes: Uint8Array): unknown {
  const result = parseMessage(bytes);
  if (!result.ok) throw new Error(result.error.reason);
  const msg = result.message;
  const contacts = getContacts(msg);
  const auth = getCredentials(msg, 'authorization');
  const proxyAuth = getCredentials(msg, 'proxy-authorization');
  if (!contacts.ok || !auth.ok || !proxyAuth.ok) throw new Error('typed header failed');
  return [msg, contacts.value, auth.value, proxyAuth.value];
}

function theirs(bytes: Buffer): unknown {
  const msg = sip.parse(bytes);
  if (!msg) throw new Error('sip.parse failed');
  const h = msg.headers;
  if (!h.from || !h.to) throw new Error('sip.parse lost From/To');
  const contacts = Array.isArray(h.contact) ? h.contact : [];
  const uris = [msg.uri, h.from.uri, h.to.uri, ...contacts.map((c) => c.uri)];
  return uris.map((uri) => (typeof uri === 'string' ? sip.parseUri(uri) : uri));
}

const TARGET_RATIO = 2;
const WARMUP = 20_000;
const ITERATIONS = 20_000;
const ROUNDS = 9;

/** Messages per second of one timed round. */
function round(run: (bytes: Buffer) => unknown, bytes: Buffer): number {
  const start = performance.now();
  for (let i = 0; i < ITERATIONS; i++) run(bytes);
  return ITERATIONS / ((performance.now() - start) / 1000);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Median rates of both sides and the median of the per-round ratios (rounds alternate who goes first). */
function compare(bytes: Buffer): { ours: number; theirs: number; ratio: number } {
  for (let i = 0; i < WARMUP; i++) {
    ours(bytes);
    theirs(bytes);
  }
  const oursRates: number[] = [];
  const theirsRates: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    let a: number;
    let b: number;
    if (r % 2 === 0) {
      a = round(ours, bytes);
      b = round(theirs, bytes);
    } else {
      b = round(theirs, bytes);
      a = round(ours, bytes);
    }
    oursRates.push(a);
    theirsRates.push(b);
    ratios.push(a / b);
  }
  return { ours: median(oursRates), theirs: median(theirsRates), ratio: median(ratios) };
}

const rows: string[] = [
  '| message | sipedge msg/s | sip@0.0.6 msg/s | ratio |',
  '| --- | ---: | ---: | ---: |',
];
let minRatio = Number.POSITIVE_INFINITY;
for (const [name, bytes] of [
  ['REGISTER + Authorization', REGISTER],
  ['INVITE + SDP', INVITE],
  ['200 OK', OK_200],
] as const) {
  const { ours: a, theirs: b, ratio } = compare(bytes);
  minRatio = Math.min(minRatio, ratio);
  rows.push(
    `| ${name} | ${Math.round(a).toLocaleString('en')} | ${Math.round(b).toLocaleString('en')} | ${ratio.toFixed(2)}x |`,
  );
}
const pass = minRatio >= TARGET_RATIO;
rows.push('', `min ratio ${minRatio.toFixed(2)}x (target ${TARGET_RATIO}x): ${pass ? 'PASS' : 'FAIL'}`);
process.stdout.write(`${rows.join('\n')}\n`);
if (!pass) process.exitCode = 1;
