import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createStreamFramer, type FrameEvent } from '#sip/parser/stream-framer.js';

const MAX = 65536;
const encoder = new TextEncoder();
const bytes = (text: string): Uint8Array => encoder.encode(text);
/** The shared torture corpus sits beside the project (../shared). */
const TORTURE = new URL('../../../../../shared/torture/rfc4475/', import.meta.url);
const torture = (name: string): Uint8Array => readFileSync(new URL(`${name}.dat`, TORTURE));

function request(body: string, lengthHeader = `Content-Length: ${Buffer.byteLength(body)}`): string {
  return [
    'OPTIONS sip:bob@example.com SIP/2.0',
    'Via: SIP/2.0/TCP 127.0.0.1:5070;branch=z9hG4bK-1',
    'Call-ID: a@b',
    'CSeq: 1 OPTIONS',
    lengthHeader,
    '',
    body,
  ].join('\r\n');
}

/** Feeds `chunks` to a fresh framer and flattens what comes out. */
function frame(chunks: readonly Uint8Array[], maxMessageBytes = MAX): FrameEvent[] {
  const framer = createStreamFramer({ maxMessageBytes });
  return chunks.flatMap((chunk) => framer.push(chunk));
}

function texts(events: readonly FrameEvent[]): string[] {
  return events.map((event) =>
    event.kind === 'message' ? Buffer.from(event.bytes).toString('latin1') : `<${event.kind}>`,
  );
}

describe('stream framer (RFC 3261 §18.3, RFC 5626 §4.4.1)', () => {
  const first = request('v=0\r\n\r\nbody with a blank line\r\n');
  const second = request('', 'l : 0');
  const stream = `\r\n\r\n${first}\r\n${second}\r\n\r\n`;
  const expected = ['<ping>', first, second, '<ping>'];

  it('MUST use Content-Length to find the end of each message on a stream (§18.3)', () => {
    expect(texts(frame([bytes(first)]))).toEqual([first]);
  });

  it('MUST frame identically when the stream is split into two chunks at every offset', () => {
    const whole = bytes(stream);
    for (let offset = 0; offset <= whole.length; offset++) {
      const events = frame([whole.subarray(0, offset), whole.subarray(offset)]);
      expect(texts(events), `split at ${offset}`).toEqual(expected);
    }
  });

  it('MUST frame identically when the stream arrives one byte at a time', () => {
    const whole = bytes(stream);
    const chunks = Array.from({ length: whole.length }, (_, i) => whole.subarray(i, i + 1));
    expect(texts(frame(chunks))).toEqual(expected);
  });

  it('MUST frame identically for any random chunking (property)', () => {
    const whole = bytes(stream);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: whole.length - 1 }), { maxLength: 12 }),
        (cuts) => {
          const points = [0, ...cuts.sort((a, b) => a - b), whole.length];
          const chunks = points.slice(1).map((end, i) => whole.subarray(points[i], end));
          expect(texts(frame(chunks))).toEqual(expected);
        },
      ),
    );
  });

  it('MUST return several messages that arrive in one chunk', () => {
    expect(texts(frame([bytes(first + second + first)]))).toEqual([first, second, first]);
  });

  it('MUST accept the compact form l: in any case (§7.3.3, §20.14)', () => {
    for (const header of ['l: 4', 'L:4', 'CONTENT-LENGTH  :  4', 'content-length:\r\n 4']) {
      const message = request('abcd', header);
      expect(texts(frame([bytes(message)])), header).toEqual([message]);
    }
  });

  it('MUST report a CRLFCRLF ping so the transport can answer with a CRLF pong (RFC 5626 §4.4.1)', () => {
    expect(texts(frame([bytes('\r\n\r\n\r\n\r\n')]))).toEqual(['<ping>', '<ping>']);
  });

  it('MUST ignore a lone CRLF before a start-line (§7.5)', () => {
    expect(texts(frame([bytes(`\r\n${first}`)]))).toEqual([first]);
    expect(frame([bytes('\r\n')])).toEqual([]);
  });

  it('MUST treat a stream message without Content-Length as a framing error (§18.3)', () => {
    const message = 'OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n';
    expect(frame([bytes(message)])).toEqual([
      { kind: 'error', reason: 'missing Content-Length on a stream' },
    ]);
  });

  it('MUST treat a negative or non-numeric Content-Length as a framing error (RFC 4475 §3.1.2.3)', () => {
    expect(texts(frame([torture('ncl')]))).toEqual(['<error>']);
    expect(texts(frame([bytes(request('', 'Content-Length: five'))]))).toEqual(['<error>']);
  });

  it('MUST treat conflicting Content-Length values as a framing error (RFC 4475 §3.3.9)', () => {
    expect(frame([torture('mcl01')])).toEqual([
      { kind: 'error', reason: 'conflicting Content-Length values' },
    ]);
  });

  it('SHOULD accept repeated Content-Length headers that agree', () => {
    const message = request('ab', 'Content-Length: 2\r\nl: 2');
    expect(texts(frame([bytes(message)]))).toEqual([message]);
  });

  it('MUST wait for more data when Content-Length exceeds the bytes received (RFC 4475 §3.1.2.2)', () => {
    const framer = createStreamFramer({ maxMessageBytes: MAX });
    const clerr = torture('clerr');
    expect(framer.push(clerr)).toEqual([]);
    expect(framer.bufferedBytes()).toBe(clerr.length);
  });

  it('MUST frame binary bodies by Content-Length, not by scanning text (RFC 4475 §3.1.1.11)', () => {
    const mpart = torture('mpart01');
    const events = frame([mpart, mpart]);
    expect(events).toHaveLength(2);
    expect(events[0]).toEqual({ kind: 'message', bytes: new Uint8Array(mpart) });
  });

  it('MUST frame a tortuous message with folded headers and the compact l: (RFC 4475 §3.1.1.1)', () => {
    const wsinv = torture('wsinv');
    expect(frame([wsinv, bytes('\r\n\r\n')])).toEqual([
      { kind: 'message', bytes: new Uint8Array(wsinv) },
      { kind: 'ping' },
    ]);
  });

  it('MUST reject a declared body that makes the message exceed maxMessageBytes', () => {
    const message = bytes(request('abcd'));
    expect(texts(frame([message], message.length))).toEqual([Buffer.from(message).toString('latin1')]);
    expect(frame([message], message.length - 1)).toEqual([
      { kind: 'error', reason: 'message exceeds maxMessageBytes' },
    ]);
  });

  it('MUST reject an unterminated header section longer than maxMessageBytes', () => {
    const framer = createStreamFramer({ maxMessageBytes: 100 });
    expect(framer.push(bytes('X'.repeat(100)))).toEqual([]);
    expect(framer.push(bytes('X'))).toEqual([
      { kind: 'error', reason: 'header section exceeds maxMessageBytes' },
    ]);
  });

  it('MUST stop framing after an error: the stream is unrecoverable (RFC 4475 §3.1.2.3)', () => {
    const framer = createStreamFramer({ maxMessageBytes: MAX });
    expect(framer.push(bytes('garbage\r\n\r\n'))).toHaveLength(1);
    expect(framer.push(bytes(first))).toEqual([]);
    expect(framer.bufferedBytes()).toBe(0);
  });

  it('MUST emit bytes that do not alias the caller’s chunk', () => {
    const chunk = bytes(first);
    const [event] = frame([chunk]);
    chunk.fill(0);
    expect(event?.kind === 'message' && Buffer.from(event.bytes).toString('latin1')).toBe(first);
  });
});
