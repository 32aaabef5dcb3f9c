/**
 * A pure stream framer for SIP over TCP/TLS (RFC 3261 §18.3): feed it chunks, get back complete
 * messages delimited by Content-Length, CRLFCRLF keep-alive pings (RFC 5626 §4.4.1) and framing
 * errors. It does no I/O and no parsing beyond the header section boundary and Content-Length.
 */

export interface StreamFramerOptions {
  /** Largest message accepted: header section plus declared body, in bytes. */
  readonly maxMessageBytes: number;
}

export type FrameEvent =
  | { readonly kind: 'message'; readonly bytes: Uint8Array }
  /** A CRLFCRLF ping (RFC 5626 §4.4.1); the transport answers with a single CRLF pong. */
  | { readonly kind: 'ping' }
  /** Unrecoverable: the stream cannot be framed any more and must be closed. */
  | { readonly kind: 'error'; readonly reason: string };

export interface StreamFramer {
  /** Consumes one chunk and returns what it completed. After an error it returns nothing. */
  push(chunk: Uint8Array): readonly FrameEvent[];
  /** Bytes held while waiting for the rest of a message. */
  bufferedBytes(): number;
}

const CR = 0x0d;
const LF = 0x0a;
const HEADER_END = '\r\n\r\n';
const PING_BYTES = 4;
/** Longest header section terminator split we have to rescan after a new chunk. */
const RESCAN_BYTES = HEADER_END.length - 1;
/** An empty queue keeps its buffer up to this size for the next chunk. */
const RETAINED_BUFFER_BYTES = 16 * 1024;

type ContentLength =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly error: string };

export function createStreamFramer(options: StreamFramerOptions): StreamFramer {
  const { maxMessageBytes } = options;
  const queue = createByteQueue();
  /** Offset up to which the queue is known not to hold the header terminator. */
  let scannedTo = 0;
  /** Total size of the message being collected, once its header section is complete. */
  let expectedBytes: number | null = null;
  let failed = false;

  function fail(events: FrameEvent[], reason: string): readonly FrameEvent[] {
    failed = true;
    queue.clear();
    events.push({ kind: 'error', reason });
    return events;
  }

  function consume(count: number): void {
    queue.consume(count);
    scannedTo = 0;
    expectedBytes = null;
  }

  return {
    bufferedBytes: () => queue.view().length,
    push(chunk) {
      if (failed) return [];
      const events: FrameEvent[] = [];
      queue.append(chunk);
      for (;;) {
        const pending = queue.view();
        if (expectedBytes === null) {
          // RFC 3261 §7.5: CRLFs before a start-line are ignored; RFC 5626 §4.4.1: CRLFCRLF is a ping.
          const keepAlive = leadingKeepAlive(pending);
          if (keepAlive === 'incomplete') return events;
          if (keepAlive === 'ping') {
            events.push({ kind: 'ping' });
            consume(PING_BYTES);
            continue;
          }
          if (keepAlive === 'crlf') {
            consume(2);
            continue;
          }
          const headerEnd = pending.indexOf(HEADER_END, scannedTo, 'latin1');
          if (headerEnd < 0) {
            if (pending.length > maxMessageBytes)
              return fail(events, 'header section exceeds maxMessageBytes');
            scannedTo = Math.max(0, pending.length - RESCAN_BYTES);
            return events;
          }
          const headerBytes = headerEnd + HEADER_END.length;
          const length = contentLength(pending.subarray(0, headerEnd).toString('latin1'));
          if (!length.ok) return fail(events, length.error);
          if (headerBytes + length.value > maxMessageBytes)
            return fail(events, 'message exceeds maxMessageBytes');
          expectedBytes = headerBytes + length.value;
        }
        if (pending.length < expectedBytes) return events;
        // Copy so the emitted value never aliases the framer's buffer.
        events.push({ kind: 'message', bytes: new Uint8Array(pending.subarray(0, expectedBytes)) });
        consume(expectedBytes);
      }
    },
  };
}

interface ByteQueue {
  append(chunk: Uint8Array): void;
  /** The queued bytes; valid until the next append or consume. */
  view(): Buffer;
  consume(count: number): void;
  clear(): void;
}

/** A growable buffer: appends are amortised O(1), so a byte-at-a-time sender costs linear time. */
function createByteQueue(): ByteQueue {
  let storage = Buffer.alloc(0);
  let start = 0;
  let end = 0;
  return {
    append(chunk) {
      if (end + chunk.length > storage.length) {
        const used = end - start;
        const grown = Buffer.alloc(Math.max(1024, 2 * (used + chunk.length)));
        storage.copy(grown, 0, start, end);
        storage = grown;
        start = 0;
        end = used;
      }
      storage.set(chunk, end);
      end += chunk.length;
    },
    view: () => storage.subarray(start, end),
    consume(count) {
      start += count;
      if (start < end) return;
      start = 0;
      end = 0;
      // Idle connections should not each pin a large buffer.
      if (storage.length > RETAINED_BUFFER_BYTES) storage = Buffer.alloc(0);
    },
    clear() {
      storage = Buffer.alloc(0);
      start = 0;
      end = 0;
    },
  };
}

function leadingKeepAlive(bytes: Buffer): 'ping' | 'crlf' | 'incomplete' | 'none' {
  if (bytes.length === 0) return 'incomplete';
  if (bytes[0] !== CR) return 'none';
  if (bytes.length < 2) return 'incomplete';
  if (bytes[1] !== LF) return 'none';
  // A lone CRLF and the start of a ping look alike until the next two bytes arrive.
  if (bytes.length < 3) return 'incomplete';
  if (bytes[2] !== CR) return 'crlf';
  if (bytes.length < 4) return 'incomplete';
  return bytes[3] === LF ? 'ping' : 'crlf';
}

const CONTENT_LENGTH_LINE = /^(?:content-length|l)[ \t]*:[ \t]*(.*)$/i;
const DIGITS = /^[0-9]+$/;

/**
 * RFC 3261 §18.3: over a stream the Content-Length header field MUST be used to find the end of
 * each message; §20.14: it is 1*DIGIT. Missing, malformed and conflicting values (RFC 4475
 * §3.1.2.3, §3.3.9) are framing errors.
 */
function contentLength(headerSection: string): ContentLength {
  let found: number | null = null;
  for (const line of unfold(headerSection)) {
    const match = CONTENT_LENGTH_LINE.exec(line);
    if (match === null) continue;
    const text = (match[1] ?? '').trim();
    if (!DIGITS.test(text)) return { ok: false, error: `invalid Content-Length: ${text.slice(0, 32)}` };
    const value = Number(text);
    if (!Number.isSafeInteger(value)) return { ok: false, error: 'Content-Length out of range' };
    if (found !== null && found !== value) return { ok: false, error: 'conflicting Content-Length values' };
    found = value;
  }
  if (found === null) return { ok: false, error: 'missing Content-Length on a stream' };
  return { ok: true, value: found };
}

/** Header lines with folded continuation lines (RFC 3261 §7.3.1) joined; the start-line is skipped. */
function unfold(headerSection: string): string[] {
  const lines: string[] = [];
  for (const line of headerSection.split('\r\n').slice(1)) {
    const last = lines.length - 1;
    if ((line.startsWith(' ') || line.startsWith('\t')) && last >= 0) lines[last] = `${lines[last]} ${line}`;
    else lines.push(line);
  }
  return lines;
}
