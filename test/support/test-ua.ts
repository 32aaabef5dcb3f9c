/**
 * A small SIP user agent for integration tests: builds requests as text, sends them over a real
 * UDP/TCP/TLS socket on loopback, and parses what comes back.
 */
import { randomBytes } from 'node:crypto';
import type { SipResponse } from '#sip/message/types.js';
import { parseMessage } from '#sip/parser/index.js';
import { openRawSipClient, type RawSipClient, type RawSipClientOptions } from './raw-sip-client.js';

export interface RequestSpec {
  readonly method: string;
  readonly uri: string;
  /** Extra header lines, e.g. `Max-Forwards: 0` replaces the default one. */
  readonly headers?: readonly string[];
  readonly callId?: string;
  readonly branch?: string;
  readonly cseq?: number;
  readonly body?: string;
}

export class TestUa {
  private constructor(
    readonly client: RawSipClient,
    readonly protocol: RawSipClientOptions['protocol'],
  ) {}

  static async open(options: RawSipClientOptions): Promise<TestUa> {
    return new TestUa(await openRawSipClient(options), options.protocol);
  }

  /** The request's text: Via with rport, From with tag, To, Call-ID, CSeq, Max-Forwards 70. */
  build(spec: RequestSpec): string {
    const extra = spec.headers ?? [];
    const has = (name: string) => extra.some((h) => h.toLowerCase().startsWith(`${name.toLowerCase()}:`));
    const body = spec.body ?? '';
    const lines = [
      `${spec.method} ${spec.uri} SIP/2.0`,
      ...(has('Via')
        ? []
        : [
            `Via: SIP/2.0/${this.protocol.toUpperCase()} ${this.client.localAddress}:${this.client.localPort};branch=${spec.branch ?? newBranch()};rport`,
          ]),
      ...(has('Max-Forwards') ? [] : ['Max-Forwards: 70']),
      ...(has('From') ? [] : [`From: <sip:tester@127.0.0.1>;tag=${randomBytes(4).toString('hex')}`]),
      ...(has('To') ? [] : [`To: <${spec.uri}>`]),
      `Call-ID: ${spec.callId ?? randomBytes(8).toString('hex')}`,
      `CSeq: ${spec.cseq ?? 1} ${spec.method}`,
      ...extra,
      `Content-Length: ${Buffer.byteLength(body)}`,
      '',
      body,
    ];
    return lines.join('\r\n');
  }

  async send(text: string | Uint8Array): Promise<void> {
    await this.client.send(text);
  }

  /** The next response, parsed (responses from the gateway carry no body in these tests). */
  async response(): Promise<SipResponse> {
    const text = await this.client.receive(this.protocol === 'udp' ? undefined : '\r\n\r\n');
    const parsed = parseMessage(Buffer.from(text, 'latin1'));
    if (!parsed.ok) throw new Error(`unparseable response: ${parsed.error.reason}\n${text}`);
    if (parsed.message.kind !== 'response') throw new Error(`expected a response, got ${text}`);
    return parsed.message;
  }

  /** The next final response, skipping 1xx. */
  async finalResponse(): Promise<SipResponse> {
    for (;;) {
      const response = await this.response();
      if (response.status >= 200) return response;
    }
  }

  /** Sends a request and returns the first final response. */
  async call(spec: RequestSpec): Promise<SipResponse> {
    await this.send(this.build(spec));
    return this.finalResponse();
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

export function newBranch(): string {
  return `z9hG4bK${randomBytes(8).toString('hex')}`;
}

export function header(response: SipResponse, name: string): string | undefined {
  return response.headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
}
