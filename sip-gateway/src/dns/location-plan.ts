import { getParam } from '../message/index.js';
import type { Uri } from '../message/types.js';
import { isIpAddress, normalizeAddress } from '../transport/address.js';
import type { SendTarget, TransportProtocol } from '../transport/transport.js';

/** RFC 3261 §19.1.2: the default port of each transport. */
export const DEFAULT_PORT = { udp: 5060, tcp: 5060, tls: 5061 } as const satisfies Record<
  TransportProtocol,
  number
>;

/** What RFC 3263 §4.1–§4.2 says to do first for a URI, before any DNS query. */
export type LocationPlan =
  /** A numeric TARGET: no DNS; the port given or the transport's default. */
  | { readonly kind: 'numeric'; readonly target: SendTarget }
  /** §4.2: a host name with an explicit port: only A/AAAA records. */
  | {
      readonly kind: 'addresses';
      readonly host: string;
      readonly protocol: TransportProtocol;
      readonly port: number;
    }
  /** §4.2: an explicit transport and no port: SRV for that transport, then A/AAAA. */
  | { readonly kind: 'srv'; readonly host: string; readonly protocol: TransportProtocol }
  /** §4.1: neither: NAPTR, then SRV, then A/AAAA. `secure` for a sips URI. */
  | { readonly kind: 'naptr'; readonly host: string; readonly secure: boolean }
  /** Not a SIP URI, or a transport this gateway does not speak (it has UDP, TCP and TLS). */
  | { readonly kind: 'unsupported'; readonly detail: string };

/** The `transport` parameter values this gateway can send over. */
const TRANSPORTS: Readonly<Record<string, TransportProtocol>> = { udp: 'udp', tcp: 'tcp', tls: 'tls' };

export function locationPlan(uri: Uri): LocationPlan {
  if ((uri.scheme !== 'sip' && uri.scheme !== 'sips') || !('host' in uri))
    return { kind: 'unsupported', detail: `${uri.scheme}: URIs have no SIP server` };
  // RFC 3263 §4: "the TARGET [is] the maddr parameter of the URI, if present, otherwise the host".
  const maddr = getParam(uri.params, 'maddr');
  const target = normalizeAddress(typeof maddr === 'string' && maddr !== '' ? maddr : uri.host);
  const host = target === 'localhost' ? '127.0.0.1' : target;
  const param = getParam(uri.params, 'transport');
  const named = typeof param === 'string' ? TRANSPORTS[param.toLowerCase()] : undefined;
  if (typeof param === 'string' && named === undefined)
    return { kind: 'unsupported', detail: `transport=${param} is not udp, tcp or tls` };
  const secure = uri.scheme === 'sips';
  // §4.1: the transport named, TLS for a sips URI; with none, a numeric TARGET or an explicit port
  // means UDP (TLS for sips).
  const protocol: TransportProtocol = secure ? 'tls' : (named ?? 'udp');
  if (isIpAddress(host))
    return { kind: 'numeric', target: { protocol, address: host, port: uri.port ?? DEFAULT_PORT[protocol] } };
  if (uri.port !== null) return { kind: 'addresses', host, protocol, port: uri.port };
  if (named !== undefined) return { kind: 'srv', host, protocol };
  return { kind: 'naptr', host, secure };
}
