/**
 * A SIP endpoint for proxy tests: a UDP socket on loopback, or a TCP connection to a gateway (a
 * device's own flow). It receives requests and responses alike, answers requests as a UAS would
 * (RFC 3261 §8.2.6, §12.1.1) and sends requests inside dialogs (§12.2.1.1). No SIP logic beyond that:
 * tests see what the gateway put on the wire.
 */
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket as DgramSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { getContacts, getHeaderValue, getHeaderValues, headerKey } from '#sip/message/index.js';
import type { SipMessage, SipRequest, SipResponse } from '#sip/message/types.js';
import { formatUri } from '#sip/message/uri/format-uri.js';
import { parseMessage } from '#sip/parser/index.js';
import { createStreamFramer } from '#sip/parser/stream-framer.js';
import { EventLog } from '#test/support/raw-sip-client.js';

export interface Received {
  readonly message: SipMessage;
  readonly text: string;
}

/** A dialog as one side sees it (RFC 3261 §12.1). */
export interface PeerDialog {
  readonly callId: string;
  /** Local and remote header values, tags included. */
  readonly from: string;
  readonly to: string;
  readonly routeSet: readonly string[];
  readonly remoteTarget: string;
  cseq: number;
}

export class SipPeer {
  readonly log = new EventLog<Received>(5_000);
  readonly tag = randomBytes(4).toString('hex');

  private constructor(
    readonly protocol: 'udp' | 'tcp',
    readonly name: string,
    private readonly write: (bytes: Uint8Array) => Promise<void>,
    readonly localPort: number,
    private readonly closeSocket: () => Promise<void>,
  ) {}

  /** A UDP endpoint that sends to the gateway's UDP port. */
  static async udp(name: string, gatewayPort: number): Promise<SipPeer> {
    const socket: DgramSocket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const peer = new SipPeer(
      'udp',
      name,
      (bytes) =>
        new Promise((resolve, reject) =>
          socket.send(bytes, gatewayPort, '127.0.0.1', (error) => (error ? reject(error) : resolve())),
        ),
      socket.address().port,
      () => new Promise((resolve) => socket.close(() => resolve())),
    );
    socket.on('message', (bytes) => peer.#receive(bytes));
    return peer;
  }

  /** A TCP connection to the gateway: the device's flow (RFC 5626). */
  static async tcp(name: string, gatewayPort: number): Promise<SipPeer> {
    const socket: Socket = connect({ host: '127.0.0.1', port: gatewayPort });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
    socket.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const peer = new SipPeer(
      'tcp',
      name,
      (bytes) => new Promise((resolve, reject) => socket.write(bytes, (e) => (e ? reject(e) : resolve()))),
      socket.localPort ?? 0,
      () => {
        socket.destroy();
        return closed;
      },
    );
    const framer = createStreamFramer({ maxMessageBytes: 65_536 });
    socket.on('data', (chunk: Buffer) => {
      for (const event of framer.push(chunk)) if (event.kind === 'message') peer.#receive(event.bytes);
    });
    return peer;
  }

  /** The peer's Contact URI. */
  get contact(): string {
    return `sip:${this.name}@127.0.0.1:${this.localPort};transport=${this.protocol}`;
  }

  #receive(bytes: Uint8Array): void {
    const text = Buffer.from(bytes).toString('latin1');
    if (text.trim().length === 0) return;
    const parsed = parseMessage(bytes);
    if (parsed.ok) this.log.record({ message: parsed.message, text });
  }

  send(text: string): Promise<void> {
    return this.write(Buffer.from(text, 'latin1'));
  }

  /** The next request with this method (not yet taken). */
  async request(method: string): Promise<SipRequest> {
    const got = await this.log.next(
      (r) => r.message.kind === 'request' && r.message.method === method,
      `${this.name}: ${method}`,
    );
    return got.message as SipRequest;
  }

  /** The next response with this status (or any final when omitted) to a request with `method`. */
  async response(method: string, status?: number): Promise<SipResponse> {
    const got = await this.log.next(
      (r) =>
        r.message.kind === 'response' &&
        r.message.base.cseq.method === method &&
        (status === undefined ? r.message.status >= 200 : r.message.status === status),
      `${this.name}: ${status ?? 'final'} ${method}`,
    );
    return got.message as SipResponse;
  }

  /** Messages received so far that match. */
  seen(match: (message: SipMessage) => boolean): SipMessage[] {
    return this.log.events.map((r) => r.message).filter(match);
  }

  /**
   * Answers `request` as its UAS (RFC 3261 §8.2.6.2): Via, From, Call-ID, CSeq copied, To with this
   * peer's tag; for INVITE 1xx/2xx also Record-Route (§12.1.1) and Contact.
   */
  async respond(
    request: SipRequest,
    status: number,
    reason: string,
    options: { headers?: readonly string[]; body?: string; toTag?: string } = {},
  ): Promise<void> {
    const copy = (name: string) => request.headers.filter((h) => headerKey(h.name) === name);
    const toTag = options.toTag ?? this.tag;
    const to = getHeaderValue(request, 'to') ?? '';
    const dialogForming = request.method === 'INVITE' && status > 100 && status < 300;
    const body = options.body ?? '';
    const lines = [
      `SIP/2.0 ${status} ${reason}`,
      ...copy('via').map((h) => `Via: ${h.value}`),
      ...(dialogForming ? copy('record-route').map((h) => `Record-Route: ${h.value}`) : []),
      `From: ${getHeaderValue(request, 'from')}`,
      `To: ${request.base.to.tag === null && status > 100 ? `${to};tag=${toTag}` : to}`,
      `Call-ID: ${request.base.callId}`,
      `CSeq: ${request.base.cseq.seq} ${request.base.cseq.method}`,
      ...(dialogForming ? [`Contact: <${this.contact}>`] : []),
      ...(options.headers ?? []),
      `Content-Length: ${Buffer.byteLength(body, 'latin1')}`,
      '',
      body,
    ];
    await this.send(lines.join('\r\n'));
  }

  /** An initial request from this peer (sent to its gateway), e.g. the caller's INVITE. */
  build(spec: {
    method: string;
    uri: string;
    callId?: string;
    cseq?: number;
    headers?: readonly string[];
    body?: string;
    branch?: string;
  }): string {
    const body = spec.body ?? '';
    return [
      `${spec.method} ${spec.uri} SIP/2.0`,
      `Via: SIP/2.0/${this.protocol.toUpperCase()} 127.0.0.1:${this.localPort};branch=${spec.branch ?? newBranch()};rport`,
      'Max-Forwards: 70',
      `From: "${this.name}" <sip:${this.name}@127.0.0.1>;tag=${this.tag}`,
      `To: <${spec.uri}>`,
      `Call-ID: ${spec.callId ?? randomBytes(8).toString('hex')}`,
      `CSeq: ${spec.cseq ?? 1} ${spec.method}`,
      `Contact: <${this.contact}>`,
      ...(spec.headers ?? []),
      `Content-Length: ${Buffer.byteLength(body, 'latin1')}`,
      '',
      body,
    ].join('\r\n');
  }

  /** A request inside `dialog` (RFC 3261 §12.2.1.1); ACK keeps the INVITE's CSeq number. */
  inDialog(dialog: PeerDialog, method: string, options: { cseq?: number; headers?: string[] } = {}): string {
    if (method !== 'ACK') dialog.cseq += 1;
    return [
      `${method} ${dialog.remoteTarget} SIP/2.0`,
      `Via: SIP/2.0/${this.protocol.toUpperCase()} 127.0.0.1:${this.localPort};branch=${newBranch()};rport`,
      'Max-Forwards: 70',
      ...(dialog.routeSet.length > 0 ? [`Route: ${dialog.routeSet.join(', ')}`] : []),
      `From: ${dialog.from}`,
      `To: ${dialog.to}`,
      `Call-ID: ${dialog.callId}`,
      `CSeq: ${options.cseq ?? dialog.cseq} ${method}`,
      ...(options.headers ?? []),
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
  }

  close(): Promise<void> {
    return this.closeSocket();
  }
}

/** The caller's dialog from its INVITE and the 2xx (RFC 3261 §12.1.2: route set reversed). */
export function callerDialog(invite: SipRequest, answer: SipResponse): PeerDialog {
  return {
    callId: invite.base.callId,
    from: getHeaderValue(invite, 'from') ?? '',
    to: getHeaderValue(answer, 'to') ?? '',
    routeSet: getHeaderValues(answer, 'record-route').reverse(),
    remoteTarget: contactOf(answer),
    cseq: invite.base.cseq.seq,
  };
}

/** The callee's dialog from the INVITE it received (RFC 3261 §12.1.1: route set in order). */
export function calleeDialog(invite: SipRequest, toTag: string): PeerDialog {
  return {
    callId: invite.base.callId,
    from: `${getHeaderValue(invite, 'to')};tag=${toTag}`,
    to: getHeaderValue(invite, 'from') ?? '',
    routeSet: getHeaderValues(invite, 'record-route'),
    remoteTarget: contactOf(invite),
    cseq: 100,
  };
}

function contactOf(message: SipMessage): string {
  const contacts = getContacts(message);
  if (!contacts.ok || contacts.value === null || contacts.value.wildcard) throw new Error('no Contact');
  const first = contacts.value.contacts[0];
  if (first === undefined) throw new Error('no Contact');
  return formatUri(first.uri);
}

export function parseRaw(text: string): SipMessage {
  const parsed = parseMessage(Buffer.from(text, 'latin1'));
  if (!parsed.ok) throw new Error(parsed.error.reason);
  return parsed.message;
}

export function newBranch(): string {
  return `z9hG4bK${randomBytes(8).toString('hex')}`;
}
