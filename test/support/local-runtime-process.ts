import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export interface LocalRuntime {
  readonly pid: number;
  readonly sipPorts: { readonly udp: number; readonly tcp: number; readonly tls: number };
  readonly httpPort: number;
  readonly dataDir: string;
  /** Every JSON log line the runtime printed so far. */
  readonly logs: readonly Record<string, unknown>[];
  /** Resolves with the first log line matching `predicate` (waits up to 5 s for it). */
  waitForLog(predicate: (entry: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  /** SIGTERM, then the exit code (null when it had to be killed). */
  stop(): Promise<number | null>;
}

const REPO_ROOT = resolve(import.meta.dirname, '../..');

/**
 * Starts `npm start`'s entry point as a child process on ephemeral ports, with a throwaway data
 * directory unless one is given (then it is kept), and waits for it to say it is ready (the ports
 * come from its JSON logs).
 */
export async function startLocalRuntime(
  options: {
    readonly args?: readonly string[];
    /** Flags for node itself, e.g. `--cpu-prof`. */
    readonly nodeArgs?: readonly string[];
    readonly dataDir?: string;
    readonly timeoutMs?: number;
  } = {},
): Promise<LocalRuntime> {
  const { args: extraArgs = [], nodeArgs = [], timeoutMs = 30_000 } = options;
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'sipedge-runtime-'));
  const removeDataDir = () => {
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...nodeArgs,
      '--import',
      'tsx',
      'sip-gateway/src/local/main.ts',
      '--udp-port=0',
      '--tcp-port=0',
      '--tls-port=0',
      '--http-port=0',
      `--data-dir=${dataDir}`,
      '--log-level=debug',
      ...extraArgs,
    ],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, SIPEDGE_ACCOUNT_SID: '', SIPEDGE_AUTH_TOKEN: '' },
    },
  );
  const logs: Record<string, unknown>[] = [];
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const ready = new Promise<Record<string, unknown>>((done, fail) => {
    const timer = setTimeout(() => fail(new Error('local runtime did not become ready')), timeoutMs);
    void exited.then((code) => fail(new Error(`local runtime exited early with ${code}`)));
    if (!child.stdout) throw new Error('no stdout');
    createInterface({ input: child.stdout }).on('line', (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      logs.push(entry);
      if (entry.msg === 'SipEdge local runtime ready') {
        clearTimeout(timer);
        done(entry);
      }
    });
  });
  let readyEntry: Record<string, unknown>;
  try {
    readyEntry = await ready;
  } catch (error) {
    child.kill('SIGKILL');
    removeDataDir();
    throw error;
  }
  const sip = readyEntry.sip as { udp: number; tcp: number; tls: number };
  return {
    pid: child.pid ?? 0,
    sipPorts: sip,
    httpPort: readyEntry.httpPort as number,
    dataDir,
    logs,
    async waitForLog(predicate) {
      for (let waitedMs = 0; waitedMs < 5_000; waitedMs += 20) {
        const found = logs.find(predicate);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error('no matching log line');
    },
    async stop() {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(killer);
      removeDataDir();
      return code;
    },
  };
}
