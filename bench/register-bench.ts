/**
 * REGISTER throughput: SipEdge's local stack against Kamailio 5.6, side by side in one run, with
 * the same SIPp scenario (../shared/bench/sipp/register-auth.xml: REGISTER → 401 → REGISTER with
 * digest → 200, one AOR per call) and the same users (userNNNN / Pw-userNNNN-Secret1).
 *
 * For each registrar: provision N users (SipEdge: through the admin API), register all N once at a
 * fixed rate (exact on-the-wire latencies), measure memory per binding, then find the highest
 * sustained rate with 0 failures (run-register-bench.sh --find-max). Prints both and the ratio, and
 * the ceiling the embedded store sets: its REGISTER store work alone, with nothing else running.
 * Every load step is bounded by count and time. Run: npm run bench:register
 * Environment: BENCH_USERS (10000), BENCH_RATES (find-max ladder), REG_RATE (100), CPU_PROF=1
 * (SipEdge under `node --cpu-prof`, profile in /tmp/sipedge-register-prof).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { startLocalRuntime } from '#test/support/local-runtime-process.js';
import { benchUsers, provisionDomain } from '#test/support/provision-domain.js';
import { processTree } from './support/process-tree.js';
import { measureRegisterStoreCeiling } from './support/store-ceiling.js';

const BENCH_DIR = resolve(import.meta.dirname, '../../shared/bench');
const USERS = Number(process.env.BENCH_USERS ?? 10_000);
const RATES = process.env.BENCH_RATES ?? '100,200,400,800,1600,3200,6400';
const REG_RATE = Number(process.env.REG_RATE ?? 100);
const SIPEDGE_HOST = '127.0.0.13';
const KAMAILIO_HOST = '127.0.0.11';
const DOMAIN = 'bench.sip.localhost';
const PROFILE_DIR = '/tmp/sipedge-register-prof';

const print = (text: string): void => void process.stdout.write(`${text}\n`);

interface Figures {
  readonly name: string;
  readonly maxClean: number;
  readonly p50Ms: string;
  readonly p99Ms: string;
  readonly bytesPerBinding: number;
}

/** Runs the harness script, echoing its output; returns the output. */
function harness(args: string[], env: Record<string, string>): string {
  const run = spawnSync(`${BENCH_DIR}/run-register-bench.sh`, args, {
    env: { ...process.env, NUSERS: String(USERS), ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 30 * 60_000,
  });
  process.stdout.write(run.stdout ?? '');
  process.stderr.write(run.stderr ?? '');
  return run.stdout ?? '';
}

/** Resident memory of a process and its direct children, in bytes. */
function rssBytes(pid: number): number {
  return processTree(pid).reduce((sum, p) => {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      return sum + Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
    } catch {
      return sum;
    }
  }, 0);
}

function measure(name: string, host: string, serverPid: number, rssOf: () => number): Figures {
  const common = { DOMAIN: host === SIPEDGE_HOST ? DOMAIN : host, SERVER_PID: String(serverPid) };
  const before = rssOf();
  const once = harness([host, '5060', String(REG_RATE), String(USERS)], { ...common, LATENCY: 'pcap' });
  const after = rssOf();
  const result = /RESULT .*ok=(\d+) failed=(\d+).* p50_ms=(\S+) p99_ms=(\S+)/.exec(once);
  if (!result || result[2] !== '0') throw new Error(`${name}: registering ${USERS} users failed`);
  const findMax = harness(['--find-max', host, '5060', RATES], common);
  const maxClean = Number(/FINDMAX .*max_clean=(\d+)/.exec(findMax)?.[1] ?? 0);
  return {
    name,
    maxClean,
    p50Ms: result[3] ?? '?',
    p99Ms: result[4] ?? '?',
    bytesPerBinding: Math.max(0, Math.round((after - before) / USERS)),
  };
}

async function benchSipEdge(): Promise<Figures> {
  const runtime = await startLocalRuntime({
    args: [`--host=${SIPEDGE_HOST}`, '--udp-port=5060', '--tcp-port=5060', '--memory', '--log-level=info'],
    nodeArgs: process.env.CPU_PROF === '1' ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [],
    timeoutMs: 60_000,
  });
  try {
    const account = runtime.logs.find((l) => l.msg === 'SipEdge local runtime ready');
    const creds = {
      apiUrl: `http://${SIPEDGE_HOST}:${runtime.httpPort}`,
      accountSid: String(account?.accountSid),
      authToken: String(account?.authToken),
    };
    const started = Date.now();
    await provisionDomain(creds, { domainName: DOMAIN, users: benchUsers(USERS), concurrency: 16 });
    print(`provisioned ${USERS} users through the API in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return measure('SipEdge', SIPEDGE_HOST, runtime.pid, () => rssBytes(runtime.pid));
  } finally {
    await runtime.stop();
  }
}

function benchKamailio(): Figures {
  const run = (cmd: string) =>
    execFileSync(`${BENCH_DIR}/kamailio/run.sh`, [cmd], {
      encoding: 'utf8',
      env: { ...process.env, NUSERS: String(USERS) },
    });
  print(run('start'));
  try {
    const pid = Number(readFileSync('/tmp/bench-kamailio/kamailio.pid', 'utf8').trim());
    return measure('Kamailio', KAMAILIO_HOST, pid, () => rssBytes(pid));
  } finally {
    print(run('stop'));
  }
}

const sipedge = await benchSipEdge();
const kamailio = benchKamailio();
print('\nregistrar  max REGISTER-with-digest/s (0 failures)  p50 ms  p99 ms  memory/binding');
for (const f of [sipedge, kamailio]) {
  print(
    `${f.name.padEnd(10)} ${String(f.maxClean).padStart(10)}${' '.repeat(30)}${f.p50Ms.padStart(6)}  ${f.p99Ms.padStart(6)}  ${f.bytesPerBinding} B`,
  );
}
const ratio = kamailio.maxClean > 0 ? sipedge.maxClean / kamailio.maxClean : 0;
print(`ratio SipEdge/Kamailio ${ratio.toFixed(2)}x (target 0.5x): ${ratio >= 0.5 ? 'PASS' : 'FAIL'}`);
// What the embedded store alone allows, against what the target asks of this machine's cores.
const ceiling = await measureRegisterStoreCeiling({ units: 20_000, inFlight: 64 });
const targetPerS = kamailio.maxClean / 2;
print(
  `embedded store alone (dynalite, 1 Query + 1 PutItem per REGISTER, no SIP): ${ceiling.perS.toFixed(0)}/s ` +
    `(${(ceiling.perS / Math.max(1, kamailio.maxClean)).toFixed(2)}x Kamailio), ` +
    `${ceiling.cpuUsPerUnit.toFixed(0)} µs CPU per REGISTER: ${((targetPerS * ceiling.cpuUsPerUnit) / 1e6).toFixed(2)} ` +
    `of this machine's ${availableParallelism()} cores at the target's ${targetPerS}/s`,
);
process.exitCode = ratio >= 0.5 ? 0 : 1;
