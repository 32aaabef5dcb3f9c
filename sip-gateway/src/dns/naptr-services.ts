import type { TransportProtocol } from '../transport/transport.js';
import type { NaptrRecord } from './dns-answer.js';

/** An SRV name to query and the transport its servers speak. */
export interface SrvService {
  readonly protocol: TransportProtocol;
  readonly name: string;
}

/** RFC 3263 §4.1: the NAPTR services of the transports this gateway has. */
const SERVICES: Readonly<Record<string, TransportProtocol>> = {
  'sip+d2u': 'udp',
  'sip+d2t': 'tcp',
  'sips+d2t': 'tls',
};

/**
 * RFC 3263 §4.1: the usable NAPTR records in the order to try them: lowest order, then lowest
 * preference (RFC 3403 §4.1). Kept: "S" flag with an empty regexp (the replacement is an SRV name),
 * a service of a supported transport, and for a sips URI only SIPS services ("MUST discard any
 * services that do not contain 'SIPS'").
 */
export function naptrServices(records: readonly NaptrRecord[], secure: boolean): SrvService[] {
  return records
    .flatMap((record) => {
      const protocol = SERVICES[record.service.toLowerCase()];
      const usable =
        protocol !== undefined &&
        (!secure || protocol === 'tls') &&
        record.flags.toLowerCase() === 's' &&
        record.regexp === '' &&
        record.replacement !== '' &&
        record.replacement !== '.';
      return usable ? [{ record, service: { protocol, name: record.replacement } }] : [];
    })
    .sort((a, b) => a.record.order - b.record.order || a.record.preference - b.record.preference)
    .map(({ service }) => service);
}

/** RFC 3263 §4.1 with no NAPTR: "_sip" for SIP URIs and "_sips" for SIPS URIs, per supported transport. */
export function defaultServices(host: string, secure: boolean): SrvService[] {
  return secure ? [srvService('tls', host)] : [srvService('udp', host), srvService('tcp', host)];
}

/** §4.2: the SRV name of one transport; TLS is "_sips" over "_tcp". */
export function srvService(protocol: TransportProtocol, host: string): SrvService {
  const name = protocol === 'tls' ? `_sips._tcp.${host}` : `_sip._${protocol}.${host}`;
  return { protocol, name };
}
