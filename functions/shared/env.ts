import { type EdgeName, isEdgeName } from '#sip/config/edges.js';
import { DIGEST_DEFAULTS, type DigestAlgorithm, parseDigestAlgorithms } from './digest/digest-settings.js';
import { ConfigError } from './errors.js';

/** The only reader of `process.env` under `functions/`: typed, fail-fast helpers used by handler entries. */
export function requireString(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value.trim() === '')
    throw new ConfigError(`environment variable ${name} is required`);
  return value;
}

export function optionalString(name: string, fallback: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  return value === undefined || value.trim() === '' ? fallback : value;
}

/** The SDK's standard endpoint override (`AWS_ENDPOINT_URL_DYNAMODB`, then `AWS_ENDPOINT_URL`); unset on AWS. */
function dynamoEndpoint(env: NodeJS.ProcessEnv): string | undefined {
  const value = env.AWS_ENDPOINT_URL_DYNAMODB ?? env.AWS_ENDPOINT_URL;
  return value === undefined || value.trim() === '' ? undefined : value;
}

export interface AdminEnv {
  readonly tableName: string;
  readonly region: string;
  readonly dynamoEndpoint: string | undefined;
  /** Domains are `<name>.sip.<zone>`. */
  readonly zone: string;
  /** Digest realm of every credential (one per deployment). */
  readonly realm: string;
}

export function loadAdminEnv(env: NodeJS.ProcessEnv = process.env): AdminEnv {
  const zone = requireString('SIPEDGE_ZONE', env);
  return {
    tableName: requireString('TABLE_NAME', env),
    region: requireString('AWS_REGION', env),
    dynamoEndpoint: dynamoEndpoint(env),
    zone,
    realm: optionalString('SIPEDGE_REALM', `sip.${zone}`, env),
  };
}

export interface RegisterEnv {
  readonly tableName: string;
  readonly region: string;
  readonly dynamoEndpoint: string | undefined;
  /** Domains are `<name>.sip.<zone>`. */
  readonly zone: string;
  /** The edge this function serves: the only (AOR, edge) items it writes. */
  readonly edge: EdgeName;
  /** Digest realm (default `sip.<zone>`); must be the one the credentials were stored with. */
  readonly realm: string;
  /** Secrets Manager name of the nonce HMAC key shared with the gateways. */
  readonly nonceSecretName: string;
  /** Offered digest algorithms, in order (`SIPEDGE_DIGEST_ALGORITHMS`, e.g. `MD5,SHA-256`). */
  readonly digestAlgorithms: readonly DigestAlgorithm[];
}

function digestAlgorithms(env: NodeJS.ProcessEnv): readonly DigestAlgorithm[] {
  const csv = env.SIPEDGE_DIGEST_ALGORITHMS;
  if (csv === undefined || csv.trim() === '') return DIGEST_DEFAULTS.algorithms;
  const parsed = parseDigestAlgorithms(csv);
  if (!parsed.ok) throw new ConfigError(`SIPEDGE_DIGEST_ALGORITHMS: ${parsed.error}`);
  return parsed.value;
}

export function loadRegisterEnv(env: NodeJS.ProcessEnv = process.env): RegisterEnv {
  const zone = requireString('SIPEDGE_ZONE', env);
  const edge = requireString('SIPEDGE_EDGE', env);
  if (!isEdgeName(edge)) throw new ConfigError(`SIPEDGE_EDGE: unknown edge "${edge}"`);
  return {
    tableName: requireString('TABLE_NAME', env),
    region: requireString('AWS_REGION', env),
    dynamoEndpoint: dynamoEndpoint(env),
    zone,
    edge,
    realm: optionalString('SIPEDGE_REALM', `sip.${zone}`, env),
    nonceSecretName: requireString('NONCE_SECRET_NAME', env),
    digestAlgorithms: digestAlgorithms(env),
  };
}

/** The SIP trunk to a carrier that `<Dial><Number>` calls go to (`SIPEDGE_CARRIER_TRUNK_*`). */
export interface CarrierTrunkEnv {
  /** A sip/sips URI; the dialled E.164 number becomes its user part. */
  readonly uri: string;
  /** Digest credentials for the carrier's challenge; both or neither. */
  readonly username: string | null;
  readonly password: string | null;
}

export interface RouteEnv extends RegisterEnv {
  /** null: no carrier trunk, `<Number>` cannot be dialled. */
  readonly carrierTrunk: CarrierTrunkEnv | null;
  /** The admin API's origin (`SIPEDGE_API_ORIGIN`), whose TwiML Bins are served in-process; none when unset. */
  readonly twimlBinOrigins: readonly string[];
}

function apiOrigins(env: NodeJS.ProcessEnv): readonly string[] {
  const origin = optionalString('SIPEDGE_API_ORIGIN', '', env);
  if (origin === '') return [];
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new ConfigError(`SIPEDGE_API_ORIGIN: not a URL: ${origin}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ConfigError(`SIPEDGE_API_ORIGIN: not http or https: ${origin}`);
  return [url.origin];
}

/** The route function reads what the registrar reads, plus the optional carrier trunk and the API's origin. */
export function loadRouteEnv(env: NodeJS.ProcessEnv = process.env): RouteEnv {
  const uri = optionalString('SIPEDGE_CARRIER_TRUNK_URI', '', env);
  const username = optionalString('SIPEDGE_CARRIER_TRUNK_USERNAME', '', env);
  const password = optionalString('SIPEDGE_CARRIER_TRUNK_PASSWORD', '', env);
  if (uri === '' && (username !== '' || password !== ''))
    throw new ConfigError('SIPEDGE_CARRIER_TRUNK_USERNAME/PASSWORD need SIPEDGE_CARRIER_TRUNK_URI');
  return {
    ...loadRegisterEnv(env),
    carrierTrunk: uri === '' ? null : { uri, username: username || null, password: password || null },
    twimlBinOrigins: apiOrigins(env),
  };
}
