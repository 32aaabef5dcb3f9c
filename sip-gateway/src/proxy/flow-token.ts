import { createHmac, timingSafeEqual } from 'node:crypto';
import { err, ok, type Result } from '../message/result.js';
import type { Endpoint, SendTarget, TransportProtocol } from '../transport/transport.js';
import { formatHostPort, parseHostPort } from './host-port.js';

/**
 * Flow tokens (RFC 5626 §5.3): the user part of the Record-Route and relay Route URIs this gateway
 * writes names the flow(s) a later request must take and the gateway instance holding them. The
 * token is base64url(payload ‖ HMAC-SHA256(secret, label ‖ payload)[0..16)), so only a holder of the
 * gateway secret can name a flow or an instance: a forged or altered token is refused (RFC 5626
 * §5.3: 403), and no request is ever relayed to an address a token did not name.
 */

/** One direction a token can send a request: a flow of the owning instance and the endpoint behind it. */
export interface FlowHop {
  /** RFC 5626 §5.2: requests towards the device reuse this flow while it is open. */
  readonly flowId: string | null;
  /** Where the flow led (or, for a relay, where the device registered from): used when the flow is gone. */
  readonly target: Omit<SendTarget, 'flowId'> | null;
}

/** What a token names: the hops, all of them flows of one gateway instance. */
export interface FlowToken {
  /**
   * The relay address of the instance holding the hops' flows. Another instance of its edge that
   * receives the request (through the NLB) hands it to this address.
   */
  readonly owner: Endpoint;
  readonly hops: readonly FlowHop[];
}

const MAC_BYTES = 16;
/** Domain separation: the same secret may key other MACs. */
const LABEL = 'sipedge-flow-token\0';
const PROTOCOLS: readonly TransportProtocol[] = ['udp', 'tcp', 'tls'];

type WireHop = [flowId: string | null, protocol: string | null, address: string | null, port: number | null];

/** The payload is `[owner "host:port", ...hops]`: compact, as it rides in every Record-Route. */
export function encodeFlowToken(secret: Uint8Array, token: FlowToken): string {
  const wire: [string, ...WireHop[]] = [
    formatHostPort(token.owner),
    ...token.hops.map(
      (hop): WireHop => [
        hop.flowId,
        hop.target?.protocol ?? null,
        hop.target?.address ?? null,
        hop.target?.port ?? null,
      ],
    ),
  ];
  const payload = Buffer.from(JSON.stringify(wire), 'utf8');
  return Buffer.concat([payload, mac(secret, payload)]).toString('base64url');
}

/** What a token names, when its MAC verifies and its payload is well formed. */
export function decodeFlowToken(secret: Uint8Array, token: string): Result<FlowToken> {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return err('flow token is not base64url');
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length <= MAC_BYTES) return err('flow token too short');
  const payload = bytes.subarray(0, bytes.length - MAC_BYTES);
  const received = bytes.subarray(bytes.length - MAC_BYTES);
  if (!timingSafeEqual(received, mac(secret, payload))) return err('flow token MAC does not verify');
  let wire: unknown;
  try {
    wire = JSON.parse(payload.toString('utf8'));
  } catch {
    return err('flow token payload is not JSON');
  }
  if (!Array.isArray(wire) || wire.length < 2) return err('flow token names no hop');
  const [ownerText, ...entries] = wire as unknown[];
  const owner = typeof ownerText === 'string' ? parseHostPort(ownerText) : null;
  if (owner === null) return err('flow token names no owner address');
  const hops: FlowHop[] = [];
  for (const entry of entries) {
    const hop = toHop(entry);
    if (hop === null) return err('malformed hop in flow token');
    hops.push(hop);
  }
  return ok({ owner, hops });
}

function toHop(entry: unknown): FlowHop | null {
  if (!Array.isArray(entry) || entry.length !== 4) return null;
  const [flowId, protocol, address, port] = entry as unknown[];
  if (flowId !== null && typeof flowId !== 'string') return null;
  if (protocol === null && address === null && port === null) return { flowId, target: null };
  const known = PROTOCOLS.find((p) => p === protocol);
  if (known === undefined || typeof address !== 'string' || !Number.isInteger(port)) return null;
  return { flowId, target: { protocol: known, address, port: port as number } };
}

function mac(secret: Uint8Array, payload: Uint8Array): Buffer {
  return createHmac('sha256', secret).update(LABEL).update(payload).digest().subarray(0, MAC_BYTES);
}
