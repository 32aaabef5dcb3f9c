import { formatHeaderParams, parseParamsOnly } from '../header-params.js';
import { err, ok, type Result } from '../result.js';
import { parseList } from '../split-list.js';
import {
  DIGITS,
  HOST_CHARS,
  lowerAscii,
  parseBoundedInt,
  scanRun,
  skipWs,
  TOKEN,
  upperAscii,
} from '../syntax.js';
import type { Params, Via } from '../types.js';

const IPV6_REFERENCE = /^\[[0-9a-fA-F:.]+\]$/;

/**
 * Parses one via-parm (RFC 3261 §20.42, §25.1):
 * `sent-protocol LWS sent-by *( SEMI via-params )`, where SLASH, COLON and SEMI allow LWS.
 */
export function parseVia(value: string): Result<Via> {
  let i = skipWs(value, 0);
  let protocolName = 'SIP';
  let protocolVersion = '2.0';
  let end: number;
  if (value.startsWith('SIP/2.0/', i)) {
    i = skipWs(value, i + 8);
  } else {
    end = scanRun(TOKEN, value, i);
    if (end === i) return badProtocol(value);
    protocolName = upperAscii(value.slice(i, end));
    i = skipWs(value, end);
    if (value.charCodeAt(i) !== 0x2f) return badProtocol(value);
    i = skipWs(value, i + 1);
    end = scanRun(TOKEN, value, i);
    if (end === i) return badProtocol(value);
    protocolVersion = value.slice(i, end);
    i = skipWs(value, end);
    if (value.charCodeAt(i) !== 0x2f) return badProtocol(value);
    i = skipWs(value, i + 1);
  }
  end = scanRun(TOKEN, value, i);
  if (end === i) return badProtocol(value);
  const transport = upperAscii(value.slice(i, end));
  i = skipWs(value, end);
  const hostStart = i;
  if (value.charCodeAt(i) === 0x5b) {
    const close = value.indexOf(']', i);
    if (close === -1) return err('unterminated IPv6 reference in sent-by');
    i = close + 1;
  } else {
    i = scanRun(HOST_CHARS, value, i);
  }
  const host = lowerAscii(value.slice(hostStart, i));
  if (host.length === 0 || (host.charCodeAt(0) === 0x5b && !IPV6_REFERENCE.test(host))) {
    return err(`invalid sent-by host in "${value.slice(0, 60)}"`);
  }
  let port: number | null = null;
  i = skipWs(value, i);
  if (value.charCodeAt(i) === 0x3a) {
    const start = skipWs(value, i + 1);
    const digitsEnd = scanRun(DIGITS, value, start);
    port = digitsEnd - start <= 5 ? parseBoundedInt(value.slice(start, digitsEnd), 65535) : null;
    if (port === null) return err(`invalid sent-by port in "${value.slice(0, 60)}"`);
    i = digitsEnd;
  }
  const params = parseParamsOnly(value, i);
  if (!params.ok) return err(`${params.error} in "${value.slice(0, 60)}"`);
  return viaOf(protocolName, protocolVersion, transport, host, port, params.value);
}

function badProtocol(value: string): Result<Via> {
  return err(`malformed sent-protocol in "${value.slice(0, 40)}"`);
}

/** Parses a Via header field value: one or more comma-separated via-parms. */
export function parseViaList(value: string): Result<Via[]> {
  if (value.indexOf(',') === -1 && value.length > 0) {
    const via = parseVia(value);
    return via.ok ? ok([via.value]) : via;
  }
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
  return viaOf(
    upperAscii(init.protocolName ?? 'SIP'),
    init.protocolVersion ?? '2.0',
    upperAscii(init.transport),
    lowerAscii(init.host),
    init.port,
    init.params,
  );
}

/** The Via with its typed fields read from `params` in one pass (first occurrence of each wins). */
export function viaOf(
  protocolName: string,
  protocolVersion: string,
  transport: string,
  host: string,
  port: number | null,
  params: Params,
): Result<Via> {
  let branch: string | null | undefined;
  let received: string | null | undefined;
  let rportParam: string | null | undefined;
  let maddr: string | null | undefined;
  let ttlParam: string | null | undefined;
  for (let k = 0; k < params.length; k++) {
    const param = params[k] as readonly [string, string | null];
    const name = param[0];
    const value = param[1];
    if (name === 'branch') branch ??= value;
    else if (name === 'received') received ??= value;
    else if (name === 'rport') rportParam ??= value;
    else if (name === 'maddr') maddr ??= value;
    else if (name === 'ttl') ttlParam ??= value;
  }
  let rport: number | true | null = null;
  if (rportParam === null) rport = true;
  else if (rportParam !== undefined) {
    rport = parseBoundedInt(rportParam, 65535);
    if (rport === null) return err(`invalid rport value "${rportParam}"`);
  }
  const ttl = ttlParam === undefined || ttlParam === null ? null : parseBoundedInt(ttlParam, 255);
  if (ttlParam !== undefined && ttl === null) return err(`invalid ttl value "${ttlParam}"`);
  return ok({
    protocolName,
    protocolVersion,
    transport,
    host,
    port,
    params,
    branch: branch ?? null,
    // RFC 5118 §4.5: accept received with or without "[" "]"; the typed value never has them.
    received: received ? unbracket(received) : null,
    rport,
    maddr: maddr ?? null,
    ttl,
  });
}

function unbracket(text: string): string {
  return text.charCodeAt(0) === 0x5b && text.charCodeAt(text.length - 1) === 0x5d ? text.slice(1, -1) : text;
}

/** `SIP/2.0/UDP host:port;params` */
export function formatVia(via: Via): string {
  const port = via.port === null ? '' : `:${via.port}`;
  return `${via.protocolName}/${via.protocolVersion}/${via.transport} ${via.host}${port}${formatHeaderParams(via.params)}`;
}
