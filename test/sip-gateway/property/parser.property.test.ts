import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { serializeMessage } from '#sip/message/index.js';
import { buildBadRequest, parseMessage } from '#sip/parser/index.js';

const RUNS = 2000;
const encode = (text: string) => new TextEncoder().encode(text);

const SEEDS = [
  [
    'INVITE sip:bob@example.com;transport=udp SIP/2.0',
    'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776;rport, SIP/2.0/TCP [2001:db8::1]:5070;branch=z9hG4bK1',
    'Max-Forwards: 70',
    'From: "Alice \\"A\\"" <sip:alice@example.com>;tag=1928',
    't: <sip:bob@example.com>',
    'Call-ID: a84b4c76e66710@pc33',
    'CSeq: 0001 INVITE',
    'm: <sip:alice@192.0.2.1>;expires=60;q=0.5',
    'X-Custom: a, b;c',
    'Content-Type: application/sdp',
    'Content-Length: 5',
    '',
    'v=0\r\n',
  ].join('\r\n'),
  [
    'SIP/2.0 401 Unauthorized',
    'v: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKx;received=198.51.100.1',
    'f: <sip:alice@example.com>;tag=1',
    'To: <sip:alice@example.com>;tag=2',
    'i: abc',
    'CSeq: 2 REGISTER',
    'WWW-Authenticate: Digest realm="example.com", nonce="n", qop="auth,auth-int"',
    '',
    '',
  ].join('\n'),
].map(encode);

/** Mutations of valid messages: truncate, splice, flip, duplicate a line, huge numbers. */
const mutated = fc
  .tuple(fc.constantFrom(...SEEDS), fc.nat(), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.nat(5))
  .map(([seed, a, b, byte, kind]) => {
    const at = a % (seed.length + 1);
    const text = new TextDecoder().decode(seed);
    switch (kind) {
      case 0:
        return seed.subarray(0, at);
      case 1: {
        const copy = seed.slice();
        copy[at % seed.length] = byte;
        return copy;
      }
      case 2: {
        const from = b % (seed.length + 1);
        return new Uint8Array([...seed.subarray(0, at), ...seed.subarray(from)]);
      }
      case 3: {
        const lines = text.split('\n');
        const k = (a % (lines.length - 1)) + 1;
        lines.splice(k, 0, lines[k] ?? '');
        return encode(lines.join('\n'));
      }
      case 4:
        return encode(text.replace(/\d+/, '9'.repeat(1 + (b % 400))));
      default:
        return encode(text.replace(/[;,:<>"]/, String.fromCharCode(byte)));
    }
  });

function neverThrows(bytes: Uint8Array): void {
  const result = parseMessage(bytes);
  if (result.ok) serializeMessage(result.message);
  else buildBadRequest(result.error);
}

describe('parseMessage properties', () => {
  it('MUST never throw on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => neverThrows(bytes)),
      { numRuns: RUNS },
    );
  });

  it('MUST never throw on mutated valid messages', () => {
    fc.assert(
      fc.property(mutated, (bytes) => neverThrows(bytes)),
      { numRuns: RUNS },
    );
  });

  it('MUST round-trip: parse → serialize → parse gives the same base values, body and headers', () => {
    fc.assert(
      fc.property(mutated, (bytes) => {
        const first = parseMessage(bytes);
        if (!first.ok) return;
        const again = parseMessage(serializeMessage(first.message));
        if (!again.ok) throw new Error(again.error.reason);
        expect(again.message.base).toEqual(first.message.base);
        expect(again.message.body).toEqual(first.message.body);
        expect(again.message.headers.filter((h) => !/^(l|content-length)$/i.test(h.name))).toEqual(
          first.message.headers.filter((h) => !/^(l|content-length)$/i.test(h.name)),
        );
      }),
      { numRuns: RUNS },
    );
  });
});
