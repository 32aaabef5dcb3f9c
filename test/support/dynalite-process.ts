import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';

/** dynalite accepts any well-formed signature. */
export const DYNALITE_CREDENTIALS = async () => ({ accessKeyId: 'local', secretAccessKey: 'local' });

export interface DynaliteProcessOptions {
  /** Loopback address to listen on; default 127.0.0.1. */
  readonly host?: string;
  /** How long to wait for the child to report its port; default 10 s. */
  readonly startTimeoutMs?: number;
}

export interface DynaliteProcess {
  /** e.g. `http://127.0.0.1:41234` */
  readonly endpoint: string;
  stop(): Promise<void>;
}

/**
 * The child: dynalite on an ephemeral port, reported over IPC. It exits when told to, or when the
 * IPC channel closes (the parent died), so it never outlives the gateway.
 */
const CHILD_SCRIPT = `
const dynalite = require(process.env.SIPEDGE_DYNALITE_PATH);
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.on('error', (error) => { console.error(error); process.exit(1); });
server.listen(0, process.env.SIPEDGE_DYNALITE_HOST, () => {
  process.send({ kind: 'listening', port: server.address().port });
});
const shutdown = () => server.close(() => process.exit(0));
process.on('message', (message) => { if (message && message.kind === 'stop') shutdown(); });
process.on('disconnect', shutdown);
`;

/**
 * dynalite's HTTP server in a child process, in memory: the endpoint the DynamoDB HTTP client
 * (functions/shared/store/dynamo-http.ts) and SDK clients use in tests.
 */
export function startDynaliteProcess(options: DynaliteProcessOptions = {}): Promise<DynaliteProcess> {
  const host = options.host ?? '127.0.0.1';
  const child = spawn(process.execPath, ['-e', CHILD_SCRIPT], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: {
      ...process.env,
      SIPEDGE_DYNALITE_PATH: createRequire(import.meta.url).resolve('dynalite'),
      SIPEDGE_DYNALITE_HOST: host,
    },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('dynalite did not start in time'));
    }, options.startTimeoutMs ?? 10_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dynalite exited during start-up (code ${code})`));
    });
    child.once('message', (message: { kind?: string; port?: number }) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      if (message.kind !== 'listening' || typeof message.port !== 'number') {
        child.kill();
        reject(new Error('dynalite sent an unexpected start-up message'));
        return;
      }
      resolve({ endpoint: `http://${host}:${message.port}`, stop: () => stopChild(child) });
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (child.connected) child.send({ kind: 'stop' });
    else child.kill();
  });
}
