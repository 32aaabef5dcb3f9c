import { formatHeaderParams, getParam, parseParamsOnly } from '../header-params.js';
import { err, ok, type Result } from '../result.js';
import { parseList } from '../split-list.js';
import { HOST_CHARS, parseBoundedInt, scanRun, skipWs, TOKEN } from '../syntax.js';
import type { Params, Via } from '../types.js';

const IPV6_REFERENCE = /^\[[0-9a-fA-F:.]+\]$/;
const DIGITS = new Uint8Array(128).fill(1, 0x30, 0x3a);

/**
 * Parses one via-parm (RFC 3261 §20.42, §25.1):
 * `sent-protocol LWS sent-by *( SEMI via-params )`, where SLASH, COLON and SEMI allow LWS.
 */
export function parseVia(value: string): Result<Via> {
  const protocol: string[] = [];
  let i = skipWs(value, 0);
  for (let part = 0; part < 3; part++) {
    if (part > 0) {
      if (value.charCodeAt(i) !== 0x2f) return err(`malformed sent-protocol in "${value.slice(0, 40)}"`);
      i = skipWs(value, i + 1);
    }
    const end = scanRun(TOKEN, value, i);
    if (end === i) return err(`malformed sent-protocol in "${value.slice(0, 40)}"`);
    protocol.push(value.slice(i, end));
    i = skipWs(value, end);
  }
  const [protocolName = '', protocolVersion = '', transport = ''] = protocol;
  const hostStart = i;
  if (value.charCodeAt(i) === 0x5b) {
    const close = value.indexOf(']', i);
    if (close === -1) return err('unterminated IPv6 reference in sent-by');
    i = close + 1;
  } else {
    i = scanRun(HOST_CHARS, value, i);
  }
  const host = value.slice(hostStart, i).toLowerCase();
  if (host.length === 0 || (host.startsWith('[') && !IPV6_REFERENCE.test(host))) {
    return err(`invalid sent-by host in "${value.slice(0, 60)}"`);
  }
  let port: number | null = null;
  i = skipWs(value, i);
  if (value.charCodeAt(i) === 0x3a) {
    const start = skipWs(value, i + 1);
    const end = scanRun(DIGITS, value, start);
    port = end - start <= 5 ? parseBoundedInt(value.slice(start, end), 65535) : null;
    if (port === null) return err(`invalid sent-by port in "${value.slice(0, 60)}"`);
    i = end;
  }
  const params = parseParamsOnly(value, i);
  if (!params.ok) return err(`${params.error} in "${value.slice(0, 60)}"`);
  return makeVia({ protocolName, protocolVersion, transport, host, port, params: params.value });
}

/** Parses a Via header field value: one or more comma-separated via-parms. */
export function parseViaList(value: string): Result<Via[]> {
  return parseList(value, 'Via value', parseVia);
}

export interface ViaInit {
  readonly protocolName?: string;
  readonly protocolVersion?: string;
  readonly transport: string;
  readonly host: string;
  readonly port: number | null;
  readonly params: Params;
}

/**
 * Builds a Via from its parts, deriving the typed fields (branch, received, rport, maddr, ttl) from
 * the parameters so that both stay consistent. Fails on malformed rport/ttl values.
 */
export function makeVia(init: ViaInit): Result<Via> {
  const { params } = init;
  const rportParam = getParam(params, 'rport');
  let rport: number | true | null = null;
  if (rportParam === null) rport = true;
  else if (rportParam !== undefined) {
    rport = parseBoundedInt(rportParam, 65535);
    if (rport === null) return err(`invalid rport value "${rportParam}"`);
  }
  const ttlParam = getParam(params, 'ttl');
  const ttl = ttlParam === undefined || ttlParam === null ? null : parseBoundedInt(ttlParam, 255);
  if (ttlParam !== undefined && ttl === null) return err(`invalid ttl value "${ttlParam}"`);
  // RFC 5118 §4.5: accept received with or without "[" "]"; the typed value never has them.
  const received = getParam(params, 'received');
  return ok({
    protocolName: (init.protocolName ?? 'SIP').toUpperCase(),
    protocolVersion: init.protocolVersion ?? '2.0',
    transport: init.transport.toUpperCase(),
    host: init.host.toLowerCase(),
    port: init.port,
    params,
    branch: getParam(params, 'branch') ?? null,
    received: received ? received.replace(/^\[(.*)\]$/, '$1') : null,
    rport,
    maddr: getParam(params, 'maddr') ?? null,
    ttl,
  });
}

/** `SIP/2.0/UDP host:port;params` */
export function formatVia(via: Via): string {
  const port = via.port === null ? '' : `:${via.port}`;
  return `${via.protocolName}/${via.protocolVersion}/${via.transport} ${via.host}${port}${formatHeaderParams(via.params)}`;
}
