import { err, ok, type Result } from '../message/result.js';
import type { Uri } from '../message/types.js';
import type { SendTarget, TransportProtocol } from '../transport/transport.js';
import type { DnsAnswer, DnsLookup } from './dns-answer.js';
import { DEFAULT_PORT, locationPlan } from './location-plan.js';
import { defaultServices, naptrServices, type SrvService, srvService } from './naptr-services.js';
import { orderSrv } from './srv-order.js';

/** The servers of a URI, in the order to try them (RFC 3263 §4.3): never empty. */
export type Servers = readonly [SendTarget, ...SendTarget[]];

export type LocateFailureCode =
  /** Not a SIP URI, or a transport the gateway does not speak. */
  | 'unsupportedTransport'
  /** DNS says the name has no server: no record, or SRV targets of "." only. */
  | 'notFound'
  /** DNS did not answer (timeout, SERVFAIL): nothing is known, nothing is guessed. */
  | 'lookupFailed';

export interface LocateFailure {
  readonly code: LocateFailureCode;
  readonly detail: string;
}

export type LocateServers = (uri: Uri) => Promise<Result<Servers, LocateFailure>>;

export interface LocateOptions {
  readonly lookup: DnsLookup;
  /** Uniform in [0, 1), for the weighted choice among SRV records (RFC 2782). */
  readonly random: () => number;
  /** Servers kept at most. */
  readonly maxTargets: number;
}

/**
 * RFC 3263 §4 client side: the transport, port and addresses to try for a SIP URI. A failed query
 * fails the whole location rather than fall through to the next step, which could pick another
 * transport than DNS names (a TLS service reached over UDP).
 */
export async function locateServers(
  uri: Uri,
  options: LocateOptions,
): Promise<Result<Servers, LocateFailure>> {
  const plan = locationPlan(uri);
  switch (plan.kind) {
    case 'unsupported':
      return err({ code: 'unsupportedTransport', detail: plan.detail });
    case 'numeric':
      return ok([plan.target]);
    case 'addresses':
      return addressServers(plan.host, plan.protocol, plan.port, options);
    case 'srv':
      return srvServers(plan.host, [srvService(plan.protocol, plan.host)], plan.protocol, options);
    case 'naptr': {
      const naptr = await options.lookup.naptr(plan.host);
      if (naptr.kind === 'failed') return lookupFailed('NAPTR', plan.host, naptr);
      const services = naptr.kind === 'found' ? naptrServices(naptr.records, plan.secure) : [];
      // §4.1: with no usable NAPTR record, SRV for each supported transport; with no SRV either,
      // UDP for a SIP URI and TLS for a SIPS URI.
      if (services.length === 0)
        return srvServers(
          plan.host,
          defaultServices(plan.host, plan.secure),
          plan.secure ? 'tls' : 'udp',
          options,
        );
      return srvServers(plan.host, services, services[0]?.protocol ?? 'udp', options);
    }
  }
}

/**
 * §4.2: the SRV records of each service, ordered by RFC 2782 and service by service; with none at
 * all, the A/AAAA records of the host at the default port of `fallback`.
 */
async function srvServers(
  host: string,
  services: readonly SrvService[],
  fallback: TransportProtocol,
  options: LocateOptions,
): Promise<Result<Servers, LocateFailure>> {
  const answers = await Promise.all(services.map((service) => options.lookup.srv(service.name)));
  const hosts: { protocol: TransportProtocol; name: string; port: number }[] = [];
  for (const [index, answer] of answers.entries()) {
    const service = services[index];
    if (service === undefined) continue;
    if (answer.kind === 'failed') return lookupFailed('SRV', service.name, answer);
    if (answer.kind === 'found')
      for (const record of orderSrv(answer.records, options.random))
        hosts.push({ protocol: service.protocol, name: record.name, port: record.port });
  }
  if (answers.every((answer) => answer.kind === 'absent'))
    return addressServers(host, fallback, DEFAULT_PORT[fallback], options);
  // RFC 2782: each target's addresses, in the order of the targets.
  const kept = hosts.slice(0, options.maxTargets);
  const addresses = await Promise.all(kept.map((target) => options.lookup.addresses(target.name)));
  const servers = kept.flatMap((target, index) => {
    const answer = addresses[index];
    return answer?.kind === 'found'
      ? answer.records.map((address) => ({ protocol: target.protocol, address, port: target.port }))
      : [];
  });
  const failed = addresses.find((answer) => answer.kind === 'failed');
  return nonEmpty(
    servers.slice(0, options.maxTargets),
    failed?.kind === 'failed'
      ? { code: 'lookupFailed', detail: `SRV targets of ${host}: ${failed.detail}` }
      : { code: 'notFound', detail: `no SRV target of ${host} has an address` },
  );
}

/** §4.2: the A/AAAA records of `host`, each at `port` over `protocol`. */
async function addressServers(
  host: string,
  protocol: TransportProtocol,
  port: number,
  options: LocateOptions,
): Promise<Result<Servers, LocateFailure>> {
  const answer = await options.lookup.addresses(host);
  if (answer.kind === 'failed') return lookupFailed('A/AAAA', host, answer);
  const records = answer.kind === 'found' ? answer.records : [];
  return nonEmpty(
    records.slice(0, options.maxTargets).map((address) => ({ protocol, address, port })),
    { code: 'notFound', detail: `${host} has no A or AAAA record` },
  );
}

function nonEmpty(servers: SendTarget[], failure: LocateFailure): Result<Servers, LocateFailure> {
  const [first, ...rest] = servers;
  return first === undefined ? err(failure) : ok([first, ...rest]);
}

function lookupFailed(
  type: string,
  name: string,
  answer: Extract<DnsAnswer<unknown>, { kind: 'failed' }>,
): Result<never, LocateFailure> {
  return err({ code: 'lookupFailed', detail: `${type} ${name}: ${answer.detail}` });
}
