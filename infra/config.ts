import { EDGES, type EdgeName, isEdgeName } from '#sip/config/edges.js';

/** Fargate task size and count for the gateway service of every edge. */
export interface GatewayTaskConfig {
  /** Fargate CPU units (1024 = 1 vCPU). */
  readonly cpuUnits: number;
  readonly memoryMiB: number;
  readonly minCount: number;
  readonly maxCount: number;
  /** Target average CPU per task for the CPU scaling policy. */
  readonly targetCpuPercent: number;
  /** Target average open flows per task for the active-flows scaling policy. */
  readonly targetActiveFlowsPerTask: number;
}

/** An existing Route 53 public hosted zone that holds `<zone>` (or a parent of it). */
export interface HostedZoneConfig {
  readonly hostedZoneId: string;
  readonly zoneName: string;
}

/** The whole deployment, validated once in app.ts and passed to every stack through props. */
export interface DeploymentConfig {
  /** AWS account; undefined synthesizes account-agnostic templates (the CLI fills it in at deploy). */
  readonly account: string | undefined;
  /** Region of the data stack (table primary, secret primary) and of the admin API. */
  readonly primaryRegion: string;
  /** Edges to deploy, each one stack in its catalogue region. */
  readonly edges: readonly EdgeName[];
  /** DNS zone of the SIP domains: `acme.sip.<zone>` and `acme.sip.<edge>.<zone>`. */
  readonly zone: string;
  /** When set, each edge publishes its records in this zone. */
  readonly hostedZone: HostedZoneConfig | undefined;
  /**
   * Name of a Secrets Manager secret present in every edge region, a JSON object `{ "cert": PEM, "key": PEM }`
   * for the gateway's TLS listener. When unset the gateway uses its own self-signed certificate.
   */
  readonly tlsSecretName: string | undefined;
  readonly task: GatewayTaskConfig;
  /** Retention of every log group (gateway, functions, API access logs). */
  readonly logRetentionDays: number;
  /** When set, subscribed by email to the alarm topic of every stack (each asks once for confirmation). */
  readonly alarmEmail: string | undefined;
}

export type ConfigResult =
  | { readonly ok: true; readonly value: DeploymentConfig }
  | { readonly ok: false; readonly error: string };

export const DEFAULT_TASK: GatewayTaskConfig = {
  cpuUnits: 1024,
  memoryMiB: 2048,
  minCount: 2,
  maxCount: 10,
  targetCpuPercent: 60,
  targetActiveFlowsPerTask: 20_000,
};

/** Values CloudWatch Logs accepts for retention (days). */
const LOG_RETENTION_DAYS = new Set([
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
]);
/** Fargate CPU units → allowed memory (MiB) range, for the sizes SipEdge supports. */
const FARGATE_MEMORY_MIB: Readonly<Record<number, readonly [number, number]>> = {
  256: [512, 2048],
  512: [1024, 4096],
  1024: [2048, 8192],
  2048: [4096, 16384],
  4096: [8192, 30720],
};
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const REGIONS = new Set<string>(Object.values(EDGES));
/** One address, local@domain; SNS checks deliverability when it sends the confirmation. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The raw `sipedge` context object of cdk.json (or `-c sipedge=...`), before validation. */
export interface RawDeploymentConfig {
  readonly account?: unknown;
  readonly primaryRegion?: unknown;
  readonly edges?: unknown;
  readonly zone?: unknown;
  readonly hostedZone?: unknown;
  readonly tlsSecretName?: unknown;
  readonly task?: unknown;
  readonly logRetentionDays?: unknown;
  readonly alarmEmail?: unknown;
}

/** Validates the raw context; every problem is reported, each with the offending value. */
export function parseDeploymentConfig(raw: RawDeploymentConfig): ConfigResult {
  const errors: string[] = [];
  const fail = (message: string, value: unknown) => errors.push(`${message} (got ${JSON.stringify(value)})`);

  const edges = Array.isArray(raw.edges) ? raw.edges : [];
  if (edges.length === 0) fail('edges must be a non-empty list of edge names', raw.edges);
  for (const edge of edges) {
    if (typeof edge !== 'string' || !isEdgeName(edge))
      fail(`unknown edge; known: ${Object.keys(EDGES).join(', ')}`, edge);
  }
  if (new Set(edges).size !== edges.length) fail('edges must not repeat', raw.edges);

  if (typeof raw.primaryRegion !== 'string' || !REGIONS.has(raw.primaryRegion)) {
    fail('primaryRegion must be the region of a catalogue edge', raw.primaryRegion);
  }
  if (typeof raw.zone !== 'string' || !HOSTNAME.test(raw.zone))
    fail('zone must be a lower-case DNS name', raw.zone);
  if (raw.account !== undefined && (typeof raw.account !== 'string' || !/^\d{12}$/.test(raw.account))) {
    fail('account must be 12 digits', raw.account);
  }
  if (
    raw.tlsSecretName !== undefined &&
    (typeof raw.tlsSecretName !== 'string' || raw.tlsSecretName === '')
  ) {
    fail('tlsSecretName must be a non-empty string', raw.tlsSecretName);
  }
  const hostedZone = parseHostedZone(raw.hostedZone, raw.zone, fail);
  const task = parseTask(raw.task, fail);
  const logRetentionDays = raw.logRetentionDays ?? 90;
  if (typeof logRetentionDays !== 'number' || !LOG_RETENTION_DAYS.has(logRetentionDays)) {
    fail('logRetentionDays must be a CloudWatch Logs retention value', raw.logRetentionDays);
  }

  if (raw.alarmEmail !== undefined && (typeof raw.alarmEmail !== 'string' || !EMAIL.test(raw.alarmEmail))) {
    fail('alarmEmail must be one email address', raw.alarmEmail);
  }

  if (errors.length > 0) return { ok: false, error: `invalid sipedge context: ${errors.join('; ')}` };
  return {
    ok: true,
    value: {
      account: raw.account as string | undefined,
      primaryRegion: raw.primaryRegion as string,
      edges: edges as EdgeName[],
      zone: raw.zone as string,
      hostedZone,
      tlsSecretName: raw.tlsSecretName as string | undefined,
      task,
      logRetentionDays: logRetentionDays as number,
      alarmEmail: raw.alarmEmail as string | undefined,
    },
  };
}

function parseHostedZone(
  raw: unknown,
  zone: unknown,
  fail: (message: string, value: unknown) => void,
): HostedZoneConfig | undefined {
  if (raw === undefined) return undefined;
  const value = raw as Partial<HostedZoneConfig>;
  if (typeof value.hostedZoneId !== 'string' || !/^Z[A-Z0-9]{1,31}$/.test(value.hostedZoneId)) {
    fail('hostedZone.hostedZoneId must be a Route 53 zone id', value.hostedZoneId);
    return undefined;
  }
  const zoneName = value.zoneName;
  const covers = typeof zoneName === 'string' && (zone === zoneName || String(zone).endsWith(`.${zoneName}`));
  if (!covers) {
    fail('hostedZone.zoneName must equal zone or be a parent of it', zoneName);
    return undefined;
  }
  return { hostedZoneId: value.hostedZoneId, zoneName };
}

function parseTask(raw: unknown, fail: (message: string, value: unknown) => void): GatewayTaskConfig {
  const task = { ...DEFAULT_TASK, ...(typeof raw === 'object' && raw !== null ? raw : {}) };
  const memory = FARGATE_MEMORY_MIB[task.cpuUnits];
  if (memory === undefined) fail('task.cpuUnits must be 256, 512, 1024, 2048 or 4096', task.cpuUnits);
  else {
    const inRange = task.memoryMiB >= memory[0] && task.memoryMiB <= memory[1];
    if (!inRange || (task.memoryMiB % 1024 !== 0 && task.memoryMiB !== 512)) {
      fail(
        `task.memoryMiB must be 512 or whole GiB within ${memory[0]}–${memory[1]} MiB for ${task.cpuUnits} CPU`,
        task.memoryMiB,
      );
    }
  }
  if (!Number.isInteger(task.minCount) || task.minCount < 1)
    fail('task.minCount must be an integer ≥ 1', task.minCount);
  if (!Number.isInteger(task.maxCount) || task.maxCount < task.minCount) {
    fail('task.maxCount must be an integer ≥ task.minCount', task.maxCount);
  }
  if (!(task.targetCpuPercent > 0 && task.targetCpuPercent < 100)) {
    fail('task.targetCpuPercent must be within 1–99', task.targetCpuPercent);
  }
  if (!(task.targetActiveFlowsPerTask > 0))
    fail('task.targetActiveFlowsPerTask must be > 0', task.targetActiveFlowsPerTask);
  return task;
}
