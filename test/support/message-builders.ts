/**
 * Builds SIP message values for tests without the parser: `headers` and `base` stay consistent.
 */
import { createResponse } from '#sip/message/create-response.js';
import type { FromTo, RawHeader, SipRequest, SipResponse, SipUri, Via } from '#sip/message/types.js';

export interface RequestSpec {
  readonly method?: string;
  /** Top Via branch; null for an RFC 2543 request without one. */
  readonly branch?: string | null;
  readonly viaHost?: string;
  readonly viaPort?: number | null;
  /** Hosts of further Via values below the top one, joined into the same header line. */
  readonly lowerViaHosts?: readonly string[];
  readonly uriUser?: string;
  readonly uriHost?: string;
  readonly callId?: string;
  readonly fromTag?: string;
  readonly toTag?: string | null;
  readonly cseq?: number;
  /** CSeq method; defaults to `method`. */
  readonly cseqMethod?: string;
  readonly routes?: readonly string[];
  readonly maxForwards?: number;
}

export function sipUri(user: string | null, host: string, port: number | null = null): SipUri {
  return { scheme: 'sip', user, password: null, host, port, params: [], headers: [] };
}

function via(host: string, port: number | null, branch: string | null): Via {
  return {
    protocolName: 'SIP',
    protocolVersion: '2.0',
    transport: 'UDP',
    host,
    port,
    params: branch === null ? [] : [['branch', branch]],
    branch,
    received: null,
    rport: null,
    maddr: null,
    ttl: null,
  };
}

function formatVia(v: Via): string {
  const port = v.port === null ? '' : `:${v.port}`;
  return `SIP/2.0/UDP ${v.host}${port}${v.branch === null ? '' : `;branch=${v.branch}`}`;
}

function fromTo(user: string, tag: string | null): FromTo {
  return {
    displayName: null,
    uri: sipUri(user, 'example.com'),
    params: tag === null ? [] : [['tag', tag]],
    tag,
  };
}

function formatFromTo(v: FromTo): string {
  const uri = v.uri as SipUri;
  return `<sip:${uri.user}@${uri.host}>${v.tag === null ? '' : `;tag=${v.tag}`}`;
}

export function buildRequest(spec: RequestSpec = {}): SipRequest {
  const method = spec.method ?? 'INVITE';
  const top = via(
    spec.viaHost ?? '192.0.2.10',
    spec.viaPort === undefined ? 5060 : spec.viaPort,
    spec.branch === undefined ? 'z9hG4bK-1' : spec.branch,
  );
  const lower = (spec.lowerViaHosts ?? []).map((host, i) => via(host, 5060, `z9hG4bK-lower-${i}`));
  const from = fromTo('alice', spec.fromTag ?? 'from-1');
  const to = fromTo('bob', spec.toTag ?? null);
  const callId = spec.callId ?? 'call-1@192.0.2.10';
  const cseq = { seq: spec.cseq ?? 1, method: spec.cseqMethod ?? method };
  const maxForwards = spec.maxForwards ?? 70;
  const uri = sipUri(spec.uriUser ?? 'bob', spec.uriHost ?? 'example.com');
  const headers: RawHeader[] = [
    { name: 'Via', value: [top, ...lower].map(formatVia).join(', ') },
    ...(spec.routes ?? []).map((value) => ({ name: 'Route', value })),
    { name: 'Max-Forwards', value: String(maxForwards) },
    { name: 'From', value: formatFromTo(from) },
    { name: 'To', value: formatFromTo(to) },
    { name: 'Call-ID', value: callId },
    { name: 'CSeq', value: `${cseq.seq} ${cseq.method}` },
    { name: 'Content-Length', value: '0' },
  ];
  return {
    kind: 'request',
    method,
    uri,
    version: 'SIP/2.0',
    headers,
    base: { via: [top, ...lower], from, to, callId, cseq, maxForwards },
    body: new Uint8Array(0),
  };
}

/** A response to `request` as a UAS would build it (To tag added on non-100 responses). */
export function buildResponse(request: SipRequest, status: number, toTag = 'to-1'): SipResponse {
  return createResponse(request, status, `Status ${status}`, { toTag });
}
