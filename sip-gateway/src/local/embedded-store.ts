import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { createTableInput } from '#functions/shared/store/table-schema.js';

export interface EmbeddedStoreOptions {
  /** Persistent data lives under `<dataDir>/dynamodb` unless `memory`. */
  readonly dataDir?: string;
  readonly memory: boolean;
  /** Loopback address to listen on; default 127.0.0.1. */
  readonly host?: string;
  /** How long to wait for the child to report its port; default 10 s. */
  readonly startTimeoutMs?: number;
}

export interface EmbeddedStore {
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
const options = JSON.parse(process.env.SIPEDGE_DYNALITE_OPTIONS);
const server = dynalite({ ...options, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.on('error', (error) => { console.error(error); process.exit(1); });
server.listen(0, process.env.SIPEDGE_DYNALITE_HOST, () => {
  process.send({ kind: 'listening', port: server.address().port });
});
const shutdown = () => server.close(() => process.exit(0));
process.on('message', (message) => { if (message && message.kind === 'stop') shutdown(); });
process.on('disconnect', shutdown);
`;

/** Starts dynalite in a child process (not on the gateway's event loop). */
export function startEmbeddedStore(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
  const host = options.host ?? '127.0.0.1';
  const dynaliteOptions: { path?: string } = {};
  if (!options.memory) {
    if (options.dataDir === undefined)
      throw new Error('startEmbeddedStore: dataDir is required unless memory');
    const path = join(options.dataDir, 'dynamodb');
    mkdirSync(path, { recursive: true });
    dynaliteOptions.path = path;
  }
  const child = spawn(process.execPath, ['-e', CHILD_SCRIPT], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: {
      ...process.env,
      SIPEDGE_DYNALITE_PATH: createRequire(import.meta.url).resolve('dynalite'),
      SIPEDGE_DYNALITE_OPTIONS: JSON.stringify(dynaliteOptions),
      SIPEDGE_DYNALITE_HOST: host,
    },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('embedded store did not start in time'));
    }, options.startTimeoutMs ?? 10_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`embedded store exited during start-up (code ${code})`));
    });
    child.once('message', (message: { kind?: string; port?: number }) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      if (message.kind !== 'listening' || typeof message.port !== 'number') {
        child.kill();
        reject(new Error('embedded store sent an unexpected start-up message'));
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

/** Creates the SipEdge table from TABLE_SCHEMA unless it exists, and waits until it is ACTIVE. */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      if (Table?.TableStatus === 'ACTIVE') return;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      await client.send(new CreateTableCommand(createTableInput(tableName)));
      continue;
    }
    if (Date.now() > deadline)
      throw new Error(`table ${tableName} did not become ACTIVE within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
