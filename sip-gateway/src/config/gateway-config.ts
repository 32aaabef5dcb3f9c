import { DNS_SETTINGS_DEFAULTS, type DnsSettings } from '../dns/dns-settings.js';
import type { RequestGuardSettings } from '../guard/request-guard.js';
import type { EdgeName } from './edges.js';

/**
 * Every operational limit and setting of a gateway process, with units in the names.
 * Built once at start-up (see load-config.ts) and passed in through constructors.
 */
export interface GatewayConfig extends RequestGuardSettings {
  /** Edge this process serves, e.g. `ashburn`. */
  readonly edge: EdgeName;
  /** Unique id of this gateway process, e.g. the Fargate task id. */
  readonly instanceId: string;
  /** DNS zone under which domains live: `acme.sip.<zone>` and `acme.sip.<edge>.<zone>`. */
  readonly zone: string;
  /** Address to bind the SIP listeners to. */
  readonly bindAddress: string;
  /** Address other hosts (and gateways of other edges) reach this instance at; used in Via and Record-Route. */
  readonly advertisedAddress: string;
  /**
   * Address other gateway instances reach this one at, to relay requests onto its flows: the
   * task's private IP in AWS (behind an NLB `advertisedAddress` names the load balancer).
   */
  readonly instanceAddress: string;
  readonly udpPort: number;
  readonly tcpPort: number;
  readonly tlsPort: number;
  readonly tls: {
    readonly certPath: string;
    readonly keyPath: string;
    /** Twilio's "allow deprecated TLS": accept TLS 1.0 and 1.1 as well as 1.2+. */
    readonly allowDeprecated: boolean;
  };
  /** Largest SIP message accepted on any transport (RFC 3261 §18.1.1 leaves it to the implementation). */
  readonly maxMessageBytes: number;
  /** A TCP/TLS flow with no traffic for this long is closed (clients keep flows alive, RFC 5626 §4.4). */
  readonly flowIdleTimeoutMs: number;
  /** UDP socket receive buffer (SO_RCVBUF, capped by net.core.rmem_max): bursts wait there, not dropped. */
  readonly udpReceiveBufferBytes: number;
  /** Open connections allowed from one source IP address. */
  readonly maxConnectionsPerSourceAddress: number;
  /** Live transactions allowed; beyond it new requests get 503 with Retry-After. */
  readonly maxTransactions: number;
  /** Max-Forwards given to requests that arrive without one (RFC 3261 §16.6 step 3). */
  readonly maxForwardsDefault: number;
  /**
   * Longest wait for a handler invocation before the request gets 503: a route invocation may
   * wait for a webhook (15 s, reference §4.4) and then its fallback (15 s).
   */
  readonly handlerTimeoutMs: number;
  /** Retries of a failed handler invocation (throttling, transient errors). */
  readonly handlerRetries: number;
  /** Retry-After given with 503 when a handler or limit fails. */
  readonly retryAfterSec: number;
  /** How long SIGTERM waits for in-flight transactions before closing flows. */
  readonly shutdownGraceMs: number;
  /** Branches rung at once for one `<Dial>`; further targets are dropped (Twilio allows 10). */
  readonly maxBranchesPerCall: number;
  /** RFC 3261 §16.8 Timer C: a branch without a final response this long is cancelled (> 3 min). */
  readonly timerCMs: number;
  /** How long a decided fork keeps branches that still await a provisional response to be cancelled. */
  readonly cancelledBranchLingerMs: number;
  /** Longest answered call; `<Dial timeLimit>` is capped to it (Twilio's default is 4 hours). */
  readonly maxCallDurationSec: number;
  /** RFC 3263: how the servers of `<Dial><Sip>` hosts, the carrier trunk and Path entries are found. */
  readonly dns: DnsSettings;
}

export const GATEWAY_CONFIG_DEFAULTS = {
  edge: 'ashburn',
  zone: 'localhost',
  bindAddress: '127.0.0.1',
  udpPort: 5060,
  tcpPort: 5060,
  tlsPort: 5061,
  maxMessageBytes: 65_536,
  flowIdleTimeoutMs: 900_000,
  udpReceiveBufferBytes: 4_194_304,
  maxConnectionsPerSourceAddress: 200,
  maxTransactions: 100_000,
  maxForwardsDefault: 70,
  handlerTimeoutMs: 35_000,
  handlerRetries: 1,
  retryAfterSec: 5,
  shutdownGraceMs: 32_000,
  maxBranchesPerCall: 10,
  timerCMs: 181_000,
  cancelledBranchLingerMs: 32_000,
  maxCallDurationSec: 14_400,
  dns: DNS_SETTINGS_DEFAULTS,
  registerRatePerAorPerSecond: 5,
  authFailureWindowMs: 60_000,
  maxAuthFailuresPerSource: 20,
  maxAuthFailuresPerAor: 10,
  authBlockMs: 300_000,
  trustedSourceTtlMs: 86_400_000,
  maxTrackedGuardKeys: 100_000,
} as const satisfies Partial<GatewayConfig>;
