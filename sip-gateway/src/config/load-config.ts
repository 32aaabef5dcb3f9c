/**
 * The one place the gateway reads its settings: command-line flags, then `SIPEDGE_*` environment
 * variables, then defaults. Called once by a composition root with `process.argv`/`process.env`.
 */
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { isEdgeName } from './edges.js';
import { GATEWAY_CONFIG_DEFAULTS, type GatewayConfig } from './gateway-config.js';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

export interface Settings {
  readonly gateway: GatewayConfig;
  readonly httpPort: number;
  /** Local runtime: where the store, certificate and account live. */
  readonly dataDir: string;
  /** Local runtime: keep the store in memory only. */
  readonly memory: boolean;
  readonly logLevel: LogLevel;
  /** Digest realm of every credential; one per deployment, like Twilio's `sip.twilio.com`. */
  readonly realm: string;
  /** Local runtime: digest challenges offered, in order (`MD5,SHA-256`); the registrar parses it. */
  readonly digestAlgorithms?: string;
  /** Local runtime: `reject` (Twilio 32007) or `evict-soonest` when an AOR has 10 bindings. */
  readonly bindingsWhenFull?: string;
  /**
   * Cloud: the key shared by every gateway and handler (Secrets Manager), as UTF-8 bytes: flow
   * tokens here, digest nonces in the handlers.
   */
  readonly sharedKey?: Uint8Array;
  /** Where `<Dial><Number>` calls go (a SIP URI with optional digest credentials). */
  /** Cloud: read `instanceAddress` from the ECS task metadata endpoint at start-up. */
  readonly ecsTaskMetadataUri?: string;
  readonly carrierTrunk?: {
    readonly uri: string;
    readonly username: string | null;
    readonly password: string | null;
  };
  /** Cloud: handler function names per handler, and the AWS region. */
  readonly functions: { readonly register?: string; readonly route?: string; readonly auth?: string };
  readonly awsRegion?: string;
  /** Cloud: certificate and key as PEM text (from Secrets Manager), written to the TLS paths at start. */
  readonly tlsPem?: { readonly cert: string; readonly key: string };
}

/** Each setting: its flag (without `--`) and its environment variable. */
const SPEC = {
  host: 'SIPEDGE_HOST',
  'advertised-address': 'SIPEDGE_ADVERTISED_ADDRESS',
  'instance-address': 'SIPEDGE_INSTANCE_ADDRESS',
  'instance-address-source': 'SIPEDGE_INSTANCE_ADDRESS_SOURCE',
  'udp-port': 'SIPEDGE_UDP_PORT',
  'tcp-port': 'SIPEDGE_TCP_PORT',
  'tls-port': 'SIPEDGE_TLS_PORT',
  'http-port': 'SIPEDGE_HTTP_PORT',
  'tls-cert': 'SIPEDGE_TLS_CERT',
  'tls-key': 'SIPEDGE_TLS_KEY',
  'tls-allow-deprecated': 'SIPEDGE_TLS_ALLOW_DEPRECATED',
  'tls-cert-pem': 'SIPEDGE_TLS_CERT_PEM',
  'tls-key-pem': 'SIPEDGE_TLS_KEY_PEM',
  'data-dir': 'SIPEDGE_DATA_DIR',
  memory: 'SIPEDGE_MEMORY',
  zone: 'SIPEDGE_ZONE',
  realm: 'SIPEDGE_REALM',
  edge: 'SIPEDGE_EDGE',
  'instance-id': 'SIPEDGE_INSTANCE_ID',
  'log-level': 'SIPEDGE_LOG_LEVEL',
  'register-function': 'SIPEDGE_REGISTER_FUNCTION',
  'route-function': 'SIPEDGE_ROUTE_FUNCTION',
  'auth-function': 'SIPEDGE_AUTH_FUNCTION',
  'register-rate-per-aor': 'SIPEDGE_REGISTER_RATE_PER_AOR',
  'max-auth-failures-per-source': 'SIPEDGE_MAX_AUTH_FAILURES_PER_SOURCE',
  'max-auth-failures-per-aor': 'SIPEDGE_MAX_AUTH_FAILURES_PER_AOR',
  'auth-block-ms': 'SIPEDGE_AUTH_BLOCK_MS',
  'digest-algorithms': 'SIPEDGE_DIGEST_ALGORITHMS',
  'bindings-when-full': 'SIPEDGE_BINDINGS_WHEN_FULL',
  'nonce-key': 'SIPEDGE_NONCE_KEY',
  'carrier-trunk-uri': 'SIPEDGE_CARRIER_TRUNK_URI',
  'carrier-trunk-username': 'SIPEDGE_CARRIER_TRUNK_USERNAME',
  'carrier-trunk-password': 'SIPEDGE_CARRIER_TRUNK_PASSWORD',
  'dns-servers': 'SIPEDGE_DNS_SERVERS',
} as const;
type Key = keyof typeof SPEC;
const BOOLEAN_KEYS = new Set<Key>(['memory', 'tls-allow-deprecated']);

function tlsPem(cert: string | undefined, key: string | undefined) {
  return cert !== undefined && key !== undefined ? { cert, key } : undefined;
}

function sharedKey(text: string | undefined): Uint8Array | undefined {
  return text === undefined ? undefined : Buffer.from(text, 'utf8');
}

function carrierTrunk(uri: string | undefined, username: string | undefined, password: string | undefined) {
  return uri === undefined ? undefined : { uri, username: username ?? null, password: password ?? null };
}

/** `ip`, `ip:port` or `[v6]:port`, the forms node:dns `setServers` takes. */
function isDnsServer(text: string): boolean {
  const match = /^(?:\[([^\]]+)\]|(\d+\.\d+\.\d+\.\d+)):(\d{1,5})$/.exec(text);
  if (match === null) return isIP(text) !== 0;
  const port = Number(match[3]);
  return isIP(match[1] ?? match[2] ?? '') !== 0 && port >= 1 && port <= 65_535;
}

export type SettingsResult =
  | { readonly ok: true; readonly settings: Settings }
  | { readonly ok: false; readonly error: string };

export function loadSettings(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): SettingsResult {
  let values: Record<string, string | boolean | undefined>;
  try {
    const options = Object.fromEntries(
      (Object.keys(SPEC) as Key[]).map((key) => [
        key,
        { type: BOOLEAN_KEYS.has(key) ? 'boolean' : 'string' },
      ]),
    ) as Record<Key, { type: 'string' | 'boolean' }>;
    values = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  const raw = (key: Key): string | undefined => {
    const flag = values[key];
    if (flag !== undefined) return String(flag);
    const fromEnv = env[SPEC[key]];
    return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
  };
  const problems: string[] = [];
  const port = (key: Key, fallback: number): number => {
    const text = raw(key);
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0 || n > 65_535)
      problems.push(`--${key} / ${SPEC[key]}: not a port: ${text}`);
    return n;
  };
  const positive = (key: Key, fallback: number): number => {
    const text = raw(key);
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1)
      problems.push(`--${key} / ${SPEC[key]}: not a positive integer: ${text}`);
    return n;
  };
  const flag = (key: Key): boolean => ['1', 'true', 'yes'].includes((raw(key) ?? 'false').toLowerCase());

  const edge = raw('edge') ?? GATEWAY_CONFIG_DEFAULTS.edge;
  if (!isEdgeName(edge)) problems.push(`--edge / SIPEDGE_EDGE: unknown edge: ${edge}`);
  const logLevel = (raw('log-level') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(`--log-level / SIPEDGE_LOG_LEVEL: not one of ${LOG_LEVELS.join(', ')}`);
  const zone = (raw('zone') ?? GATEWAY_CONFIG_DEFAULTS.zone).toLowerCase();
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(zone))
    problems.push(`--zone / SIPEDGE_ZONE: not a DNS name: ${zone}`);
  const dataDir = raw('data-dir') ?? '.sipedge';
  const bindAddress = raw('host') ?? GATEWAY_CONFIG_DEFAULTS.bindAddress;
  const advertisedAddress = raw('advertised-address') ?? bindAddress;
  const instanceAddress = raw('instance-address');
  if (instanceAddress !== undefined && isIP(instanceAddress) === 0)
    problems.push(`--instance-address / SIPEDGE_INSTANCE_ADDRESS: not an IP address: ${instanceAddress}`);
  const dnsServers = (raw('dns-servers') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const server of dnsServers.filter((s) => !isDnsServer(s)))
    problems.push(`--dns-servers / SIPEDGE_DNS_SERVERS: not an IP address or IP:port: ${server}`);

  const gateway: GatewayConfig = {
    ...GATEWAY_CONFIG_DEFAULTS,
    edge: isEdgeName(edge) ? edge : GATEWAY_CONFIG_DEFAULTS.edge,
    instanceId: raw('instance-id') ?? `${edge}-${process.pid}`,
    zone,
    bindAddress,
    advertisedAddress,
    // Flow tokens name the instance by IP address: an advertised name cannot stand in for it.
    instanceAddress: instanceAddress ?? (isIP(advertisedAddress) !== 0 ? advertisedAddress : bindAddress),
    udpPort: port('udp-port', GATEWAY_CONFIG_DEFAULTS.udpPort),
    tcpPort: port('tcp-port', GATEWAY_CONFIG_DEFAULTS.tcpPort),
    tlsPort: port('tls-port', GATEWAY_CONFIG_DEFAULTS.tlsPort),
    tls: {
      certPath: raw('tls-cert') ?? `${dataDir}/tls/cert.pem`,
      keyPath: raw('tls-key') ?? `${dataDir}/tls/key.pem`,
      allowDeprecated: flag('tls-allow-deprecated'),
    },
    registerRatePerAorPerSecond: positive(
      'register-rate-per-aor',
      GATEWAY_CONFIG_DEFAULTS.registerRatePerAorPerSecond,
    ),
    maxAuthFailuresPerSource: positive(
      'max-auth-failures-per-source',
      GATEWAY_CONFIG_DEFAULTS.maxAuthFailuresPerSource,
    ),
    maxAuthFailuresPerAor: positive(
      'max-auth-failures-per-aor',
      GATEWAY_CONFIG_DEFAULTS.maxAuthFailuresPerAor,
    ),
    authBlockMs: positive('auth-block-ms', GATEWAY_CONFIG_DEFAULTS.authBlockMs),
    dns: { ...GATEWAY_CONFIG_DEFAULTS.dns, servers: dnsServers },
  };
  if (problems.length > 0) return { ok: false, error: problems.join('; ') };
  return {
    ok: true,
    settings: {
      gateway,
      httpPort: port('http-port', 8080),
      dataDir,
      memory: flag('memory'),
      logLevel,
      realm: raw('realm') ?? `sip.${zone}`,
      digestAlgorithms: raw('digest-algorithms'),
      bindingsWhenFull: raw('bindings-when-full'),
      sharedKey: sharedKey(raw('nonce-key')),
      ecsTaskMetadataUri:
        raw('instance-address-source') === 'ecs-task-metadata'
          ? env.ECS_CONTAINER_METADATA_URI_V4
          : undefined,
      carrierTrunk: carrierTrunk(
        raw('carrier-trunk-uri'),
        raw('carrier-trunk-username'),
        raw('carrier-trunk-password'),
      ),
      functions: {
        register: raw('register-function'),
        route: raw('route-function'),
        auth: raw('auth-function'),
      },
      awsRegion: env.AWS_REGION,
      tlsPem: tlsPem(raw('tls-cert-pem'), raw('tls-key-pem')),
    },
  };
}
