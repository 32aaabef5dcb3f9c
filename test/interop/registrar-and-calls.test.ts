/**
 * Registration and calls with real peers against the local runtime: SIPp's register-auth scenario
 * for 1,000 users, baresip's call test (alice calls bob, who has two devices) over UDP and TCP, and
 * the security scan (sipvicious, sipsak, the enumeration probe). The harnesses live in ../shared.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest, type CliCredentials } from '#functions/admin/cli/api-client.js';
import { type LocalRuntime, startLocalRuntime } from '#test/support/local-runtime-process.js';
import { benchUsers, provisionDomain } from '#test/support/provision-domain.js';

const SHARED = new URL('../../../shared/', import.meta.url).pathname;
const HOST = '127.0.0.12';
const DOMAIN = 'acme.sip.localhost';
const USERS = [
  { username: 'alice', password: 'Alice-Passw0rd-1' },
  { username: 'bob', password: 'Bob-Passw0rd-12' },
  { username: 'carol', password: 'Carol-Passw0rd-3' },
];

/** Runs a tool with a hard time limit, without blocking this process's event loop. */
function run(
  command: string,
  args: readonly string[],
  env: Record<string, string> = {},
  timeoutMs = 300_000,
) {
  return new Promise<{ status: number | null; output: string }>((resolve) => {
    execFile(
      command,
      [...args],
      { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        const status = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ status, output: `${stdout}\n${stderr}` });
      },
    );
  });
}

async function startStack(
  args: readonly string[] = [],
): Promise<{ runtime: LocalRuntime; creds: CliCredentials }> {
  const runtime = await startLocalRuntime({
    args: [`--host=${HOST}`, '--memory', '--log-level=info', ...args],
  });
  const ready = runtime.logs.find((l) => l.msg === 'SipEdge local runtime ready');
  const creds = {
    apiUrl: `http://${HOST}:${runtime.httpPort}`,
    accountSid: String(ready?.accountSid),
    authToken: String(ready?.authToken),
  };
  return { runtime, creds };
}

describe('SIPp register-auth.xml, 1,000 users provisioned through the API', () => {
  let stack: Awaited<ReturnType<typeof startStack>>;
  beforeAll(async () => {
    stack = await startStack();
    await provisionDomain(stack.creds, { domainName: DOMAIN, users: benchUsers(1000), concurrency: 16 });
  }, 120_000);
  afterAll(async () => {
    expect(await stack.runtime.stop()).toBe(0);
  });

  it('registers every user with digest auth: 1,000 calls, 0 failed', async () => {
    const csv = join(stack.runtime.dataDir, 'users.csv');
    const lines = benchUsers(1000).map(
      (u) => `${u.username};${u.password};[authentication username=${u.username} password=${u.password}]`,
    );
    writeFileSync(csv, `SEQUENTIAL\n${lines.join('\n')}\n`);
    const { status, output } = await run('sipp', [
      ...['-sf', join(SHARED, 'bench/sipp/register-auth.xml'), `${HOST}:${stack.runtime.sipPorts.udp}`],
      ...['-i', HOST, '-p', '0', '-t', 'u1', '-inf', csv],
      ...['-key', 'domain', DOMAIN, '-key', 'expires', '600'],
      ...[
        '-m',
        '1000',
        '-r',
        '100',
        '-timeout',
        '60s',
        '-timeout_error',
        '-nostdin',
        '-trace_stat',
        '-stf',
        join(stack.runtime.dataDir, 'stat.csv'),
      ],
    ]);
    if (status !== 0) console.error(output);
    expect(status).toBe(0);
  }, 120_000);

  it('lists the bindings in Registrations.json', async () => {
    const domains = await apiRequest(stack.creds, 'GET', 'SIP/Domains.json');
    if (!domains.ok) throw new Error(domains.error);
    const sid = domains.value.body.domains[0].sid as string;
    let rows = 0;
    let page: string | null = `SIP/Domains/${sid}/Registrations.json?PageSize=1000`;
    while (page !== null) {
      const reply = await apiRequest(stack.creds, 'GET', page);
      if (!reply.ok) throw new Error(reply.error);
      rows += (reply.value.body.registrations as unknown[]).length;
      const next = reply.value.body.next_page_uri as string | null;
      page = next === null ? null : next;
    }
    expect(rows).toBe(1000);
  });
});

describe.each(['udp', 'tcp'])('baresip: alice calls bob (two devices) over %s', (transport) => {
  let stack: Awaited<ReturnType<typeof startStack>>;
  beforeAll(async () => {
    stack = await startStack();
    const bin = await apiRequest(stack.creds, 'POST', 'TwimlBins.json', {
      FriendlyName: 'Dial the registered user',
      Twiml: '<Response><Dial><Sip>{{To}}</Sip></Dial></Response>',
    });
    if (!bin.ok) throw new Error(bin.error);
    await provisionDomain(stack.creds, { domainName: DOMAIN, users: USERS, voiceUrl: bin.value.body.url });
  }, 60_000);
  afterAll(async () => {
    expect(await stack.runtime.stop()).toBe(0);
  });

  it('registers, forks to both devices, connects one, cancels the other, carries media and BYE', async () => {
    const { status, output } = await run(join(SHARED, 'interop/baresip/run_call_test.sh'), [
      ...['--target-host', HOST, '--target-port', String(stack.runtime.sipPorts[transport as 'udp' | 'tcp'])],
      ...['--transport', transport, '--domain', DOMAIN, '--regint', '600'],
      ...['--alice-pass', 'Alice-Passw0rd-1', '--bob-pass', 'Bob-Passw0rd-12'],
    ]);
    expect(output).toMatch(/\d+ passed, 0 failed/);
    expect(status).toBe(0);
  }, 300_000);
});

describe('security scan (sipvicious, sipsak, enumeration probe)', () => {
  let stack: Awaited<ReturnType<typeof startStack>>;
  beforeAll(async () => {
    // svcrack guesses as fast as it can: with the default per-AOR rate (32008) and brute-force
    // limits it is cut off (503/403) before its list ends, so lift them to let it try every word.
    stack = await startStack([
      '--register-rate-per-aor=1000',
      '--max-auth-failures-per-source=1000',
      '--max-auth-failures-per-aor=1000',
    ]);
    await provisionDomain(stack.creds, { domainName: DOMAIN, users: USERS });
  }, 60_000);
  afterAll(async () => {
    expect(await stack.runtime.stop()).toBe(0);
  });

  it('finds no username and no password', async () => {
    const { status, output } = await run(join(SHARED, 'interop/security/run_security.sh'), [], {
      TARGET_HOST: HOST,
      TARGET_PORT: String(stack.runtime.sipPorts.udp),
      SIP_DOMAIN: DOMAIN,
      CONTROL_PASSWORD: 'Carol-Passw0rd-3',
    });
    expect(output).toMatch(/\d+ passed, 0 failed/);
    expect(status).toBe(0);
  }, 300_000);
});
