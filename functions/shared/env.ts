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

export interface AdminEnv {
  readonly tableName: string;
  readonly region: string;
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
    zone,
    realm: optionalString('SIPEDGE_REALM', `sip.${zone}`, env),
  };
}
