import { err, ok, type Result } from '#functions/shared/result.js';
import { apiRequest, type CliCredentials, resolveCredentials } from './api-client.js';
import { formatTable } from './format-table.js';
import { type Action, BOOLEAN_FLAGS, CLI_FLAGS, RESOURCES, type ResourceSpec } from './resources.js';

export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  out(text: string): void;
  err(text: string): void;
}

interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly flags: Readonly<Record<string, string>>;
}

/** `--flag value`, `--flag=value`, bare boolean flags and `--no-<boolean flag>`. */
export function parseArgs(argv: readonly string[]): Result<ParsedArgs, string> {
  const positionals: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (eq >= 0) flags[name] = arg.slice(eq + 1);
    else if (name.startsWith('no-') && BOOLEAN_FLAGS.has(name.slice(3))) flags[name.slice(3)] = 'false';
    else if (
      BOOLEAN_FLAGS.has(name) &&
      (argv[i + 1] === undefined || !/^(true|false)$/i.test(argv[i + 1] ?? ''))
    ) {
      flags[name] = 'true';
    } else {
      const value = argv[i + 1];
      if (value === undefined) return err(`--${name} needs a value`);
      flags[name] = value;
      i++;
    }
  }
  return ok({ positionals, flags });
}

/** `--voice-url` → `VoiceUrl` (Twilio's PascalCase parameter names). */
const toParam = (flag: string) =>
  flag
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

function usage(): string {
  const lines = [
    'usage: sipedge <resource> <action> [parent SIDs] [SID] [--flags] [--json]',
    '',
    'resources:',
  ];
  for (const r of RESOURCES) {
    const parents = r.parents.map((p) => `<${p}>`).join(' ');
    lines.push(`  ${r.name.padEnd(40)}${r.summary}`);
    lines.push(
      `      ${r.actions.join('|')} ${parents}${r.createFlags === undefined ? '' : `  create: ${r.createFlags}`}`,
    );
  }
  lines.push(
    '',
    'credentials: --api-url/--account-sid/--auth-token, SIPEDGE_API_URL (default http://127.0.0.1:8080),',
  );
  lines.push('  SIPEDGE_ACCOUNT_SID, SIPEDGE_AUTH_TOKEN, else ./.sipedge/account.json');
  return `${lines.join('\n')}\n`;
}

const MAX_LIST_PAGES = 1000;

/** A collection's absolute API path and the suffix its URLs take (`.json` in the 2010-04-01 API). */
function collectionPath(spec: ResourceSpec, accountSid: string, collection: string) {
  return spec.api === 'monitor'
    ? { path: `/v1/${collection}`, suffix: '' }
    : { path: `/2010-04-01/Accounts/${accountSid}/${collection}`, suffix: '.json' };
}

async function listAll(creds: CliCredentials, spec: ResourceSpec, first: string) {
  const records: unknown[] = [];
  let next: string | null = first;
  for (let pages = 0; next !== null && pages < MAX_LIST_PAGES; pages++) {
    const reply = await apiRequest(creds, 'GET', next);
    if (!reply.ok) return reply;
    const body = reply.value.body;
    records.push(...(body[spec.listKey] ?? []));
    // 2010-04-01 pages link a path; Monitor pages an absolute URL (its path is what we request).
    const link: string | null = body.next_page_uri ?? body.meta?.next_page_url ?? null;
    next = link === null ? null : link.replace(/^https?:\/\/[^/]+/, '');
  }
  return ok(records);
}

/** Runs one command; returns the exit code (0 ok, 1 API or network error, 2 usage error). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const fail = (message: string, code: number) => {
    io.err(`sipedge: ${message}\n`);
    return code;
  };
  const parsed = parseArgs(argv);
  if (!parsed.ok) return fail(parsed.error, 2);
  const { positionals, flags } = parsed.value;
  const [resourceName, actionName, ...ids] = positionals;
  if (resourceName === undefined || resourceName === 'help' || flags.help !== undefined) {
    io.out(usage());
    return resourceName === undefined ? 2 : 0;
  }
  const spec = RESOURCES.find((r) => r.name === resourceName);
  if (spec === undefined) return fail(`unknown resource "${resourceName}" (try: sipedge help)`, 2);
  const action = actionName as Action;
  if (!spec.actions.includes(action)) {
    return fail(`${spec.name}: action must be one of ${spec.actions.join(', ')}`, 2);
  }
  const needsSid = action === 'get' || action === 'update' || action === 'delete';
  const wanted = [...spec.parents, ...(needsSid ? ['sid'] : [])];
  if (ids.length !== wanted.length) {
    return fail(`${spec.name} ${action} takes ${wanted.map((w) => `<${w}>`).join(' ') || 'no SIDs'}`, 2);
  }
  const creds = await resolveCredentials({ flags, env: io.env, cwd: io.cwd });
  if (!creds.ok) return fail(creds.error, 2);
  const { path, suffix } = collectionPath(
    spec,
    creds.value.accountSid,
    spec.collection(ids.slice(0, spec.parents.length)),
  );
  const instance = `${path}/${ids.at(-1)}${suffix}`;
  const form: Record<string, string> = {};
  for (const [name, value] of Object.entries(flags)) if (!CLI_FLAGS.has(name)) form[toParam(name)] = value;
  const json = flags.json === 'true';

  if (action === 'list') {
    const pageSize = encodeURIComponent(flags['page-size'] ?? '50');
    const records = await listAll(creds.value, spec, `${path}${suffix}?PageSize=${pageSize}`);
    if (!records.ok) return fail(records.error, 1);
    io.out(
      json
        ? `${JSON.stringify(records.value, null, 2)}\n`
        : formatTable(spec.columns, records.value as Record<string, unknown>[]),
    );
    return 0;
  }
  const reply =
    action === 'get'
      ? await apiRequest(creds.value, 'GET', instance)
      : action === 'delete'
        ? await apiRequest(creds.value, 'DELETE', instance)
        : await apiRequest(creds.value, 'POST', action === 'create' ? `${path}${suffix}` : instance, form);
  if (!reply.ok) return fail(reply.error, 1);
  if (action === 'delete') {
    io.out(json ? `${JSON.stringify({ deleted: ids.at(-1) })}\n` : `deleted ${ids.at(-1)}\n`);
    return 0;
  }
  io.out(
    json ? `${JSON.stringify(reply.value.body, null, 2)}\n` : formatTable(spec.columns, [reply.value.body]),
  );
  return 0;
}
