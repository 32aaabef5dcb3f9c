/**
 * Call setup: SipEdge's local stack against Kamailio 5.6, side by side in one run, with the same
 * SIPp scenarios. Callees are SIPp UAS instances (../shared/bench/sipp/uas-callee.xml) on one port
 * that first REGISTER with digest as user0000..; callers (bench/sipp/call-caller.xml) dial them
 * through the registrar: INVITE → 407 → INVITE with credentials → 180 → 200 → ACK → BYE.
 * SipEdge routes each call with a TwiML Bin `<Dial><Sip>{{To}}</Sip></Dial>` as the Voice URL;
 * Kamailio with `lookup("location")` + `t_relay()` (../shared/bench/kamailio/kamailio.cfg).
 *
 * For each registrar: a fixed-rate run captured on lo (exact INVITE → 180 / → 200 times from the
 * wire), then a step ladder for the highest rate with 0 failures (as run-register-bench.sh's
 * find-max). SipEdge also reports its route handler invocations per call. Every SIPp run is bounded
 * by its call count and timeouts; everything started here is stopped by its PID.
 * Run: npm run bench:calls
 * Environment: BENCH_PAIRS (50 callers calling 50 callees), BENCH_RATES (ladder, calls/s),
 * BENCH_STEP_S (5), BENCH_LATENCY_RATE (25 calls/s, for 8 s), MAX_P99_MS (200), KEEP=1 (keep the
 * run folder under /tmp).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { apiRequest, type CliCredentials } from '#functions/admin/cli/api-client.js';
import { type LocalRuntime, startLocalRuntime } from '#test/support/local-runtime-process.js';
import { benchUsers, provisionDomain } from '#test/support/provision-domain.js';
import { processTree } from './support/process-tree.js';
import { measureCallStoreCeiling } from './support/store-ceiling.js';

const REPO_DIR = resolve(import.meta.dirname, '..');
const BENCH_DIR = resolve(REPO_DIR, '../shared/bench');
const SCENARIOS = {
  register: `${BENCH_DIR}/sipp/register-auth.xml`,
  callee: `${BENCH_DIR}/sipp/uas-callee.xml`,
  caller: resolve(import.meta.dirname, 'sipp/call-caller.xml'),
};
const SIPEDGE_HOST = '127.0.0.13';
const KAMAILIO = { host: '127.0.0.11', port: 5060, pidFile: '/tmp/bench-kamailio/kamailio.pid' };
const DOMAIN = 'bench.sip.localhost';

const SETTINGS = {
  pairs: Number(process.env.BENCH_PAIRS ?? 50),
  ratesPerS: (process.env.BENCH_RATES ?? '25,50,100,200,400,800,1600,3200,6400').split(',').map(Number),
  stepS: Number(process.env.BENCH_STEP_S ?? 5),
  stepPauseMs: 1_000,
  refineSteps: 2,
  /** A step passes when SIPp achieved this share of the target rate ... */
  minAchievedPct: 90,
  /** ... and its INVITE → 200 p99 stays below this (0: no limit): a growing backlog is not sustainable. */
  maxP99Ms: Number(process.env.MAX_P99_MS ?? 200),
  latencyRatePerS: Number(process.env.BENCH_LATENCY_RATE ?? 25),
  latencyS: 8,
  /** Calls before the latency run, not measured (JIT, caches, connection pools). */
  warmupCalls: 50,
  /** SIPp fails a call that waits this long for a message. */
  recvTimeoutMs: 5_000,
  /** What a callee UAS gets to finish its last calls after the callers are done. */
  calleeGraceMs: 2_000,
  registerRatePerS: 50,
  /** Callees stay registered for the whole run (600–3600 s on both registrars). */
  expiresS: 3_600,
  ports: { callee: 5270, callerMedia: 6280, caller: 5271, calleeMedia: 6270 },
  maxCapturedPackets: 400_000,
};

const KEEP = process.env.KEEP === '1';
const RUN_DIR = mkdtempSync('/tmp/bench-calls.');
const print = (text: string): void => void process.stdout.write(`${text}\n`);

// ---- processes started here, each stopped by its PID ----

const started = new Set<ChildProcess>();
let interrupted = false;
const stopAll = () => {
  for (const child of started) child.kill('SIGTERM');
};
process.once('SIGINT', () => {
  interrupted = true;
  stopAll();
});

interface Bounded {
  readonly child: ChildProcess;
  /** Exit code, or null when it was ended by a signal. */
  readonly exited: Promise<number | null>;
}

let outputFiles = 0;

/** Starts `command` in `cwd`, its output to a file there; SIGTERM after `limitMs`, SIGKILL 5 s later. */
function startBounded(command: string, args: readonly string[], cwd: string, limitMs: number): Bounded {
  const output = openSync(join(cwd, `${basename(command)}-${++outputFiles}.out`), 'w');
  const child = spawn(command, [...args], { cwd, stdio: ['ignore', output, output] });
  closeSync(output);
  started.add(child);
  const term = setTimeout(() => child.kill('SIGTERM'), limitMs);
  const kill = setTimeout(() => child.kill('SIGKILL'), limitMs + 5_000);
  const exited = new Promise<number | null>((done) =>
    child.once('close', (code) => {
      clearTimeout(term);
      clearTimeout(kill);
      started.delete(child);
      done(code);
    }),
  );
  return { child, exited };
}

async function stopBounded(run: Bounded, graceMs: number): Promise<void> {
  const timer = setTimeout(() => run.child.kill('SIGTERM'), graceMs);
  await run.exited;
  clearTimeout(timer);
}

const delay = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function until(what: string, test: () => boolean, limitMs = 5_000): Promise<void> {
  for (let waitedMs = 0; !test(); waitedMs += 50) {
    if (waitedMs >= limitMs) throw new Error(`timed out waiting for ${what}`);
    await delay(50);
  }
}

const udpBound = (host: string, port: number): boolean =>
  execFileSync('ss', ['-Hlnu', `src ${host}:${port}`], { encoding: 'utf8' }).trim() !== '';

// ---- measurements ----

/** CPU ticks (user + system) of a process and its direct children. */
function cpuTicks(pid: number): number {
  return processTree(pid).reduce((sum, p) => {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return sum + Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
    } catch {
      return sum;
    }
  }, 0);
}
const TICKS_PER_S = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** Microseconds during which some task waited for a CPU (PSI): how contended the machine was. */
function cpuPressureUs(): number {
  const line = readFileSync('/proc/pressure/cpu', 'utf8').split('\n')[0] ?? '';
  return Number(/total=(\d+)/.exec(line)?.[1] ?? 0);
}

interface Percentiles {
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
}

/** Nearest-rank percentiles, as run-register-bench.sh computes them. */
function percentiles(values: readonly number[]): Percentiles | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1] ?? 0;
  return { n: sorted.length, p50: at(0.5), p99: at(0.99) };
}

const fmt = (p: Percentiles | null | undefined, key: 'p50' | 'p99') => (p ? p[key].toFixed(1) : 'NA');

/** The last row of SIPp's statistics CSV, by column name. */
function lastStats(file: string): Map<string, string> {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const names = lines[0]?.split(';') ?? [];
  const values = lines.at(-1)?.split(';') ?? [];
  return new Map(names.map((name, i) => [name, values[i] ?? '']));
}

/** SIPp's -trace_rtt file: response times (ms) by rtd number. */
function sippResponseTimes(dir: string): Map<string, number[]> {
  const file = readdirSync(dir).find((f) => f.endsWith('_rtt.csv'));
  const byRtd = new Map<string, number[]>();
  if (file === undefined) return byRtd;
  for (const line of readFileSync(join(dir, file), 'utf8').trim().split('\n').slice(1)) {
    const [, ms, rtd] = line.split(';');
    if (rtd === undefined) continue;
    byRtd.set(rtd, [...(byRtd.get(rtd) ?? []), Number(ms)]);
  }
  return byRtd;
}

/**
 * On-the-wire times on the caller's leg, from a capture of the registrar's port: first copy of each
 * request to first copy of its response, per call (Call-ID); "relay" is the authenticated INVITE in
 * to its copy out to the callee (the registrar's own routing time).
 */
function wireTimes(pcap: string, serverPort: number): Record<string, Percentiles | null> {
  const rows = execFileSync(
    'tshark',
    [
      ...['-n', '-r', pcap, '-d', `udp.port==${serverPort},sip`, '-Y', 'sip', '-T', 'fields'],
      ...['-E', 'separator=;', '-e', 'frame.time_relative', '-e', 'udp.srcport', '-e', 'udp.dstport'],
      ...['-e', 'sip.Call-ID', '-e', 'sip.CSeq.seq', '-e', 'sip.Method', '-e', 'sip.Status-Code'],
    ],
    { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, timeout: 120_000 },
  );
  const first = new Map<string, number>();
  const note = (key: string, t: number) => {
    if (!first.has(key)) first.set(key, t);
  };
  const { caller, callee } = SETTINGS.ports;
  for (const row of rows.trim().split('\n')) {
    const [time, src, dst, callId, cseq, method, status] = row.split(';');
    const t = Number(time) * 1000;
    if (method === 'INVITE' && Number(src) === caller) note(`${callId} in ${cseq}`, t);
    if (method === 'INVITE' && Number(dst) === callee) note(`${callId} out ${cseq}`, t);
    if (status !== '' && Number(dst) === caller) note(`${callId} ${status} ${cseq}`, t);
  }
  const series = { 'INVITE → 407': [] as number[], 'INVITE → 180': [], 'INVITE → 200': [], relay: [] };
  const span = (from: string, to: string, into: number[]) => {
    const a = first.get(from);
    const b = first.get(to);
    if (a !== undefined && b !== undefined) into.push(b - a);
  };
  for (const key of first.keys()) {
    if (!key.endsWith(' in 1')) continue;
    const callId = key.slice(0, -' in 1'.length);
    span(`${callId} in 1`, `${callId} 407 1`, series['INVITE → 407']);
    span(`${callId} in 2`, `${callId} 180 2`, series['INVITE → 180']);
    span(`${callId} in 2`, `${callId} 200 2`, series['INVITE → 200']);
    span(`${callId} in 2`, `${callId} out 2`, series.relay);
  }
  return Object.fromEntries(Object.entries(series).map(([name, values]) => [name, percentiles(values)]));
}

// ---- the registrars ----

type Invocations = Readonly<Record<string, number>>;

interface Target {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly domain: string;
  readonly serverPid: number;
  /** Handler invocations so far by kind; null when the registrar has no handlers to count. */
  invocations(): Promise<Invocations | null>;
}

const INVOCATIONS_LOG = 'bench route handler invocations';
const PINO_WARN = 40;

/**
 * Preloaded into the SipEdge runtime (it runs the handlers in-process): counts the invocations of
 * the route handler by kind, and prints the counts as a JSON log line on SIGUSR2.
 */
const INVOCATION_COUNTER = `
const { InProcessInvoker } = await import(${JSON.stringify(
  pathToFileURL(`${REPO_DIR}/sip-gateway/src/invoke/in-process-invoker.ts`).href,
)});
const counts = {};
const invoke = InProcessInvoker.prototype.invoke;
InProcessInvoker.prototype.invoke = function (event) {
  if (event.handler === 'route') {
    const credentials = /\\r\\nproxy-authorization\\s*:/i.test(event.raw ?? '');
    const kind = event.type === 'sip-request'
      ? event.method + (credentials ? ' with credentials' : ' without credentials')
      : event.type;
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return invoke.call(this, event);
};
process.on('SIGUSR2', () => process.stdout.write(JSON.stringify({ msg: ${JSON.stringify(INVOCATIONS_LOG)}, counts }) + '\\n'));
`;

async function readInvocations(runtime: LocalRuntime): Promise<Invocations> {
  const seen = runtime.logs.length;
  process.kill(runtime.pid, 'SIGUSR2');
  let line: Record<string, unknown> | undefined;
  await until('the invocation counts', () => {
    line = runtime.logs.slice(seen).find((l) => l.msg === INVOCATIONS_LOG);
    return line !== undefined;
  });
  return (line?.counts ?? {}) as Invocations;
}

async function withSipEdge<T>(work: (target: Target) => Promise<T>): Promise<T> {
  const runtime = await startLocalRuntime({
    args: [`--host=${SIPEDGE_HOST}`, '--memory', '--log-level=info'],
    nodeArgs: [
      '--import',
      'tsx',
      '--import',
      `data:text/javascript,${encodeURIComponent(INVOCATION_COUNTER)}`,
    ],
    timeoutMs: 60_000,
  });
  try {
    const ready = runtime.logs.find((l) => l.msg === 'SipEdge local runtime ready');
    const creds: CliCredentials = {
      apiUrl: `http://${SIPEDGE_HOST}:${runtime.httpPort}`,
      accountSid: String(ready?.accountSid),
      authToken: String(ready?.authToken),
    };
    const bin = await apiRequest(creds, 'POST', 'TwimlBins.json', {
      FriendlyName: 'Dial the registered user',
      Twiml: '<Response><Dial><Sip>{{To}}</Sip></Dial></Response>',
    });
    if (!bin.ok || bin.value.status >= 300) throw new Error(`POST TwimlBins.json: ${JSON.stringify(bin)}`);
    const users = benchUsers(2 * SETTINGS.pairs);
    await provisionDomain(creds, { domainName: DOMAIN, users, voiceUrl: bin.value.body.url, concurrency: 8 });
    print(`SipEdge: ${users.length} users, TwiML Bin ${bin.value.body.url} as the Voice URL`);
    return await work({
      name: 'SipEdge',
      host: SIPEDGE_HOST,
      port: runtime.sipPorts.udp,
      domain: DOMAIN,
      serverPid: runtime.pid,
      invocations: () => readInvocations(runtime),
    });
  } finally {
    await runtime.stop();
    const warnings = runtime.logs.filter((l) => Number(l.level) >= PINO_WARN);
    writeFileSync(
      join(RUN_DIR, 'sipedge-warnings.log'),
      warnings.map((l) => `${JSON.stringify(l)}\n`).join(''),
    );
  }
}

async function withKamailio<T>(work: (target: Target) => Promise<T>): Promise<T> {
  const runSh = (command: string) =>
    print(
      execFileSync(`${BENCH_DIR}/kamailio/run.sh`, [command], { encoding: 'utf8', timeout: 60_000 }).trim(),
    );
  runSh('start');
  try {
    return await work({
      name: 'Kamailio',
      host: KAMAILIO.host,
      port: KAMAILIO.port,
      domain: KAMAILIO.host,
      serverPid: Number(readFileSync(KAMAILIO.pidFile, 'utf8').trim()),
      invocations: async () => null,
    });
  } finally {
    runSh('stop');
  }
}

// ---- SIPp runs ----

/** Injection file lines, gen-users.sh's format plus the callee: user;password;[authentication];callee. */
function writeUsersCsv(
  file: string,
  users: ReadonlyArray<{ username: string; password: string }>,
  callees?: string[],
) {
  const lines = users.map(
    (u, i) =>
      `${u.username};${u.password};[authentication username=${u.username} password=${u.password}]` +
      (callees ? `;${callees[i]}` : ''),
  );
  writeFileSync(file, `SEQUENTIAL\n${lines.join('\n')}\n`);
}

function sippArgs(target: Target, dir: string, extra: readonly string[]): string[] {
  return [
    `${target.host}:${target.port}`,
    ...['-i', target.host, '-bind_local', '-t', 'u1', '-nostdin'],
    ...['-key', 'domain', target.domain, '-key', 'expires', String(SETTINGS.expiresS)],
    ...['-trace_stat', '-stf', join(dir, 'stat.csv'), '-fd', '1', '-trace_err', ...extra],
  ];
}

/** REGISTERs the callees from the port their UAS answers on (their Contact). */
async function registerCallees(target: Target, dir: string, callees: string): Promise<void> {
  const count = SETTINGS.pairs;
  const limitS = Math.ceil(count / SETTINGS.registerRatePerS) + 20;
  const run = startBounded(
    'sipp',
    sippArgs(target, dir, [
      ...['-sf', SCENARIOS.register, '-inf', callees, '-p', String(SETTINGS.ports.callee)],
      ...['-mp', String(SETTINGS.ports.calleeMedia)],
      ...['-m', String(count), '-r', String(SETTINGS.registerRatePerS)],
      ...['-recv_timeout', String(SETTINGS.recvTimeoutMs), '-timeout', `${limitS}s`, '-timeout_error'],
    ]),
    dir,
    (limitS + 10) * 1000,
  );
  const code = await run.exited;
  const stats = lastStats(join(dir, 'stat.csv'));
  if (code !== 0 || stats.get('SuccessfulCall(C)') !== String(count)) {
    throw new Error(`${target.name}: registering ${count} callees failed (sipp ${code}; files in ${dir})`);
  }
}

interface Step {
  readonly rate: number;
  readonly count: number;
  readonly attempted: number;
  readonly ok: number;
  readonly failed: number;
  readonly unfinished: number;
  readonly retransmissions: number;
  /** SIPp's non-zero Failed* counters, e.g. "FailedTimeoutOnRecv 3". */
  readonly failureCauses: string;
  readonly achievedPerS: number;
  /** SIPp's own response times (its clock moves in 4 ms steps here): rtd 1 → 180, rtd 2 → 200. */
  readonly ringing: Percentiles | null;
  readonly answered: Percentiles | null;
  readonly serverCpuPct: number;
  /** The registrar's CPU time (process and direct children) per successful call. */
  readonly serverCpuMsPerCall: number;
  readonly pressurePct: number;
  readonly invocations: Invocations | null;
  readonly wire: Record<string, Percentiles | null> | null;
}

/** One bounded run: callee UAS up, `count` calls at `rate`/s, callee UAS down (by PID, after a grace). */
async function runCalls(
  target: Target,
  dir: string,
  callers: string,
  rate: number,
  count: number,
  capture: boolean,
) {
  if (interrupted) throw new Error('interrupted');
  mkdirSync(dir, { recursive: true });
  const limitS = Math.ceil((2 * count) / rate) + SETTINGS.recvTimeoutMs / 1000 + 15;
  const { ports } = SETTINGS;
  const callee = startBounded(
    'sipp',
    [
      ...['-sf', SCENARIOS.callee, '-i', target.host, '-p', String(ports.callee), '-bind_local', '-t', 'u1'],
      // room for INVITEs a failed step left retransmitting (RFC 3261 Timer B: 32 s)
      ...['-mp', String(ports.calleeMedia), '-m', String(2 * count), '-nostdin'],
      ...['-recv_timeout', String(2 * SETTINGS.recvTimeoutMs), '-timeout', `${limitS}s`],
    ],
    dir,
    (limitS + 10) * 1000,
  );
  await until('the callee UAS', () => udpBound(target.host, ports.callee));
  const pcap = join(dir, 'calls.pcap');
  let dumpcap: Bounded | null = null;
  if (capture) {
    dumpcap = startBounded(
      'dumpcap',
      [
        ...['-B', '64', '-i', 'lo', '-f', `udp and host ${target.host} and port ${target.port}`],
        ...['-c', String(SETTINGS.maxCapturedPackets), '-a', `duration:${limitS + 5}`, '-w', pcap],
      ],
      dir,
      (limitS + 10) * 1000,
    );
    await until('dumpcap', () => existsSync(pcap));
    await delay(300);
  }
  const invocationsBefore = await target.invocations();
  const ticks0 = cpuTicks(target.serverPid);
  const pressure0 = cpuPressureUs();
  const t0 = performance.now();
  const caller = startBounded(
    'sipp',
    sippArgs(target, dir, [
      ...[
        '-sf',
        SCENARIOS.caller,
        '-inf',
        callers,
        '-p',
        String(ports.caller),
        '-mp',
        String(ports.callerMedia),
      ],
      ...['-r', String(rate), '-rp', '1000', '-m', String(count), '-l', String(Math.max(1000, rate * 10))],
      ...['-default_behaviors', 'all,-bye', '-recv_timeout', String(SETTINGS.recvTimeoutMs)],
      ...['-timeout', `${limitS}s`, '-max_recv_loops', '10000', '-max_sched_loops', '10000'],
      ...['-buff_size', '4194304', '-trace_rtt', '-rtt_freq', '1'],
    ]),
    dir,
    (limitS + 10) * 1000,
  );
  await caller.exited;
  const elapsedS = (performance.now() - t0) / 1000;
  const serverCpuS = (cpuTicks(target.serverPid) - ticks0) / TICKS_PER_S;
  const pressurePct = (100 * (cpuPressureUs() - pressure0)) / 1e6 / elapsedS;
  await stopBounded(callee, SETTINGS.calleeGraceMs);
  const invocationsAfter = await target.invocations();
  if (dumpcap) {
    await delay(300);
    dumpcap.child.kill('SIGINT');
    await dumpcap.exited;
  }

  const stats = lastStats(join(dir, 'stat.csv'));
  const num = (name: string) => Number(stats.get(name) ?? 0);
  const epoch = (name: string) => Number(stats.get(name)?.split('\t')[2] ?? 0);
  const attempted = num('OutgoingCall(C)');
  const ok = num('SuccessfulCall(C)');
  const failed = num('FailedCall(C)');
  const sippElapsedS = epoch('CurrentTime') - epoch('StartTime');
  const rtd = sippResponseTimes(dir);
  return {
    rate,
    count,
    attempted,
    ok,
    failed,
    unfinished: attempted - ok - failed,
    retransmissions: num('Retransmissions(C)'),
    failureCauses: [...stats]
      .filter(([name, value]) => /^Failed.+\(C\)$/.test(name) && name !== 'FailedCall(C)' && value !== '0')
      .map(([name, value]) => `${name.slice(0, -3)} ${value}`)
      .join(', '),
    achievedPerS: sippElapsedS > 0 ? ok / sippElapsedS : 0,
    ringing: percentiles(rtd.get('1') ?? []),
    answered: percentiles(rtd.get('2') ?? []),
    serverCpuPct: (100 * serverCpuS) / elapsedS,
    serverCpuMsPerCall: ok > 0 ? (1000 * serverCpuS) / ok : 0,
    pressurePct,
    invocations:
      invocationsAfter && invocationsBefore ? difference(invocationsAfter, invocationsBefore) : null,
    wire: capture ? wireTimes(pcap, target.port) : null,
  } satisfies Step;
}

function difference(after: Invocations, before: Invocations): Invocations {
  return Object.fromEntries(Object.entries(after).map(([kind, n]) => [kind, n - (before[kind] ?? 0)]));
}

type Verdict = 'PASS' | 'PASS(retrans)' | 'FAIL' | `FAIL(${string})`;

/** run-register-bench.sh's find-max criteria. */
function verdictOf(step: Step): Verdict {
  if (step.failed !== 0 || step.unfinished !== 0 || step.ok === 0) return 'FAIL';
  if (step.achievedPerS < (step.rate * SETTINGS.minAchievedPct) / 100)
    return `FAIL(rate<${SETTINGS.minAchievedPct}%)`;
  if (SETTINGS.maxP99Ms > 0 && (step.answered?.p99 ?? 0) > SETTINGS.maxP99Ms) {
    return `FAIL(p99>${SETTINGS.maxP99Ms}ms)`;
  }
  return step.retransmissions === 0 ? 'PASS' : 'PASS(retrans)';
}

function invocationsPerCall(step: Step): string {
  if (!step.invocations || step.attempted === 0) return '';
  return Object.entries(step.invocations)
    .map(([kind, n]) => `${kind} ${(n / step.attempted).toFixed(2)}`)
    .join(', ');
}

function stepRow(step: Step, verdict: Verdict): string {
  const cols = [
    step.rate,
    step.count,
    step.attempted,
    step.ok,
    step.failed,
    step.retransmissions,
    step.achievedPerS.toFixed(1),
    fmt(step.ringing, 'p50'),
    fmt(step.ringing, 'p99'),
    fmt(step.answered, 'p50'),
    fmt(step.answered, 'p99'),
    step.serverCpuPct.toFixed(0),
    step.pressurePct.toFixed(0),
  ];
  return `${cols.map((c) => String(c).padStart(8)).join(' ')}  ${verdict}`;
}
const STEP_HEADER = `${[
  'rate/s',
  'count',
  'attempt',
  'ok',
  'failed',
  'retrans',
  'achieved',
  '180p50',
  '180p99',
  '200p50',
  '200p99',
  'srv%',
  'psi%',
]
  .map((c) => c.padStart(8))
  .join(' ')}  verdict`;

interface Figures {
  readonly name: string;
  readonly maxClean: number;
  readonly maxNoFail: number;
  readonly latency: Step;
}

async function measure(target: Target): Promise<Figures> {
  const dir = join(RUN_DIR, target.name);
  mkdirSync(dir, { recursive: true });
  const users = benchUsers(2 * SETTINGS.pairs);
  const callees = users.slice(0, SETTINGS.pairs);
  const callers = users.slice(SETTINGS.pairs);
  writeUsersCsv(join(dir, 'callees.csv'), callees);
  writeUsersCsv(
    join(dir, 'callers.csv'),
    callers,
    callees.map((u) => u.username),
  );
  mkdirSync(join(dir, 'register'));
  await registerCallees(target, join(dir, 'register'), join(dir, 'callees.csv'));
  print(
    `${target.name}: ${callees.length} callees registered with digest from ${target.host}:${SETTINGS.ports.callee}`,
  );
  const run = (tag: string, rate: number, count: number, capture = false) =>
    runCalls(target, join(dir, tag), join(dir, 'callers.csv'), rate, count, capture);

  const warmup = await run('warmup', SETTINGS.latencyRatePerS, SETTINGS.warmupCalls);
  print(`${target.name}: warm-up, ${warmup.ok} of ${warmup.count} calls completed`);
  const latencyCalls = SETTINGS.latencyRatePerS * SETTINGS.latencyS;
  const latency = await run('latency', SETTINGS.latencyRatePerS, latencyCalls, true);
  const latencyVerdict = verdictOf(latency);
  print(
    `\n${target.name}: ${latencyCalls} calls at ${SETTINGS.latencyRatePerS}/s captured on lo: ${latencyVerdict}`,
  );
  for (const [name, p] of Object.entries(latency.wire ?? {})) {
    print(`  ${name.padEnd(14)} n=${p?.n ?? 0} p50=${fmt(p, 'p50')} ms p99=${fmt(p, 'p99')} ms`);
  }
  print(
    `  server CPU     ${latency.serverCpuMsPerCall.toFixed(1)} ms per call (${target.name}'s process tree)`,
  );
  if (latency.invocations) print(`  route handler invocations per call: ${invocationsPerCall(latency)}`);

  print(`\n${target.name}: step ladder, ${SETTINGS.stepS} s per step`);
  const rows: string[] = [];
  let maxClean = 0;
  let maxNoFail = 0;
  let lowestFail = 0;
  const step = async (rate: number): Promise<Verdict> => {
    await delay(SETTINGS.stepPauseMs);
    const result = await run(`rate-${rate}`, rate, rate * SETTINGS.stepS);
    const verdict = verdictOf(result);
    if (verdict === 'PASS') maxClean = Math.max(maxClean, rate);
    if (verdict.startsWith('PASS')) maxNoFail = Math.max(maxNoFail, rate);
    if (verdict !== 'PASS' && (lowestFail === 0 || rate < lowestFail)) lowestFail = rate;
    const row = stepRow(result, verdict);
    const perCall = invocationsPerCall(result);
    rows.push(perCall ? `${row}  [${perCall}]` : row);
    print(`  step ${rate}/s: ${verdict}${result.failureCauses ? ` (${result.failureCauses})` : ''}`);
    return verdict;
  };
  for (const rate of SETTINGS.ratesPerS) {
    if ((await step(rate)) !== 'PASS') break;
  }
  for (let i = 0; i < SETTINGS.refineSteps && maxClean > 0 && lowestFail > maxClean; i++) {
    if (lowestFail - maxClean <= maxClean / 20 + 1) break;
    await step(Math.floor((maxClean + lowestFail) / 2));
  }
  print(
    `\n=== ${target.name}: calls through ${target.host}:${target.port} (SIPp rtd times, 4 ms clock steps) ===`,
  );
  print(STEP_HEADER);
  for (const row of rows) print(row);
  return { name: target.name, maxClean, maxNoFail, latency };
}

// ---- main ----

function preflight(): void {
  const running = (() => {
    try {
      execFileSync(`${BENCH_DIR}/kamailio/run.sh`, ['status'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  if (running) {
    throw new Error('a benchmark Kamailio is already running (another bench?): run.sh stop it first');
  }
  for (const host of [SIPEDGE_HOST, KAMAILIO.host]) {
    for (const port of [SETTINGS.ports.callee, SETTINGS.ports.caller, KAMAILIO.port]) {
      if (host === SIPEDGE_HOST && port === KAMAILIO.port) continue;
      if (udpBound(host, port)) throw new Error(`${host}:${port} is in use (another bench?)`);
    }
  }
}

let exitCode = 1;
try {
  preflight();
  const sipedge = await withSipEdge(measure);
  const kamailio = await withKamailio(measure);
  const wire = (f: Figures, name: string) => {
    const p = f.latency.wire?.[name];
    return `${fmt(p, 'p50')} / ${fmt(p, 'p99')}`.padStart(18);
  };
  // the ladder's top rate passed: the registrar's maximum is at least that
  const atLeast = (rate: number) => `${rate === Math.max(...SETTINGS.ratesPerS) ? '>=' : ''}${rate}`;
  print(
    `\nmax calls/s: 0 failures (retransmissions allowed); CPU per call and INVITE times (p50 / p99 ms, on`,
  );
  print(`the wire) from ${SETTINGS.latencyRatePerS} calls/s for ${SETTINGS.latencyS} s`);
  print('registrar  max calls/s (retrans ok)  CPU ms/call  INVITE→180 p50/p99  INVITE→200 p50/p99');
  for (const f of [sipedge, kamailio]) {
    print(
      `${f.name.padEnd(10)} ${atLeast(f.maxClean).padStart(11)} ${`(${atLeast(f.maxNoFail)})`.padStart(14)}` +
        `${f.latency.serverCpuMsPerCall.toFixed(1).padStart(13)}  ${wire(f, 'INVITE → 180')}  ${wire(f, 'INVITE → 200')}`,
    );
  }
  const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');
  const { invocations, attempted } = sipedge.latency;
  const perNewCall = attempted > 0 ? (invocations?.['INVITE with credentials'] ?? 0) / attempted : 0;
  print(`SipEdge route handler invocations per call: ${invocationsPerCall(sipedge.latency)}`);
  print(
    `route handler invocations per new call (INVITE with credentials) ${perNewCall.toFixed(2)} (target 1): ${verdict(perNewCall === 1)}`,
  );
  const ratio = kamailio.maxClean > 0 ? sipedge.maxClean / kamailio.maxClean : 0;
  print(`ratio SipEdge/Kamailio ${ratio.toFixed(2)}x (target 0.5x): ${verdict(ratio >= 0.5)}`);
  // What the embedded store alone allows, against what the target asks of this machine's cores.
  const ceiling = await measureCallStoreCeiling({ units: 6_000, inFlight: 64 });
  const targetPerS = kamailio.maxClean / 2;
  print(
    `embedded store alone (dynalite, a call's 1 Query + 2 PutItem + 1 UpdateItem, no SIP): ${ceiling.perS.toFixed(0)} calls/s ` +
      `(${(ceiling.perS / Math.max(1, kamailio.maxClean)).toFixed(2)}x Kamailio), ` +
      `${ceiling.cpuUsPerUnit.toFixed(0)} µs CPU per call: ${((targetPerS * ceiling.cpuUsPerUnit) / 1e6).toFixed(2)} ` +
      `of this machine's ${availableParallelism()} cores at the target's ${targetPerS}/s`,
  );
  exitCode = ratio >= 0.5 && perNewCall === 1 ? 0 : 1;
} finally {
  stopAll();
  if (KEEP || exitCode !== 0) print(`run files kept in ${RUN_DIR}`);
  else rmSync(RUN_DIR, { recursive: true, force: true });
}
process.exitCode = exitCode;
