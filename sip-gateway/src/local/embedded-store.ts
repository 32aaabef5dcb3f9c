import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DynamoError } from '#functions/shared/store/dynamo-error.js';
import type { DynamoCall } from '#functions/shared/store/dynamo-http.js';
import { createTableInput } from '#functions/shared/store/table-schema.js';

/**
 * dynalite's own request pipeline (type checks, validations, actions: what its HTTP server runs
 * after parsing a request) on a worker thread, with bodies in the DynamoDB JSON wire format. The
 * local runtime talks to it through messages instead of HTTP: same store code, same validation,
 * about a third of the CPU per operation (bench/README.md).
 */
const WORKER_SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const { join } = require('node:path');
const db = require(join(workerData.dynaliteDir, 'db'));
const validations = require(join(workerData.dynaliteDir, 'validations'));
const store = db.create({ ...workerData.options, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
const actions = new Map();
const action = (operation) => {
  let entry = actions.get(operation);
  if (entry === undefined) {
    const name = validations.toLowerFirst(operation);
    entry = { run: require(join(workerData.dynaliteDir, 'actions', name)), types: require(join(workerData.dynaliteDir, 'validations', name)) };
    actions.set(operation, entry);
  }
  return entry;
};
// Replies finished in one turn of the event loop go back in one message.
let replies = [];
const flushReplies = () => {
  const batch = replies;
  replies = [];
  parentPort.postMessage(batch);
};
const reply = (id, status, body) => {
  if (replies.push({ id, status, body: JSON.stringify(body) }) === 1) setImmediate(flushReplies);
};
const fail = (id, error) => error && error.statusCode
  ? reply(id, error.statusCode, error.body)
  : reply(id, 500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: String(error) });
const run = ({ id, operation, body }) => {
  try {
    const { run, types } = action(operation);
    const data = validations.checkTypes(JSON.parse(body), types.types);
    validations.checkValidations(data, types.types, types.custom, store);
    run(store, data, (error, out) => (error ? fail(id, error) : reply(id, 200, out)));
  } catch (error) {
    fail(id, error);
  }
};
parentPort.on('message', (message) => {
  if (Array.isArray(message)) {
    for (const request of message) run(request);
    return;
  }
  if (message.kind === 'stop') {
    store.lifecycleManager.gracefulClose(() => parentPort.postMessage({ kind: 'stopped' }));
  }
});
`;

/** The operations dynalite implements that SipEdge calls (DynamoOperation). */
const SUPPORTED = new Set([
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'CreateTable',
  'DescribeTable',
]);

interface WorkerRequest {
  readonly id: number;
  readonly operation: string;
  readonly body: string;
}

interface WorkerReply {
  readonly id: number;
  readonly status: number;
  readonly body: string;
}

export interface EmbeddedStore {
  readonly dynamo: DynamoCall;
  stop(): Promise<void>;
}

export interface EmbeddedStoreOptions {
  /** Persistent data lives under `<dataDir>/dynamodb` unless `memory`. */
  readonly dataDir?: string;
  readonly memory: boolean;
}

/** Starts dynalite on a worker thread (off the gateway's event loop). */
export function startEmbeddedStore(options: EmbeddedStoreOptions): EmbeddedStore {
  const dynaliteOptions: { path?: string } = {};
  if (!options.memory) {
    if (options.dataDir === undefined)
      throw new Error('startEmbeddedStore: dataDir is required unless memory');
    dynaliteOptions.path = join(options.dataDir, 'dynamodb');
    mkdirSync(dynaliteOptions.path, { recursive: true });
  }
  const worker = new Worker(WORKER_SCRIPT, {
    eval: true,
    workerData: {
      dynaliteDir: dirname(createRequire(import.meta.url).resolve('dynalite')),
      options: dynaliteOptions,
    },
  });
  const pending = new Map<
    number,
    { resolve: (out: Record<string, unknown>) => void; reject: (e: Error) => void }
  >();
  let nextId = 0;
  let failure: Error | undefined;
  const failAll = (error: Error) => {
    failure = error;
    for (const call of pending.values()) call.reject(error);
    pending.clear();
  };
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`embedded store worker exited (code ${code})`)));
  worker.on('message', (message: readonly WorkerReply[] | { kind: string }) => {
    if (!Array.isArray(message)) return;
    for (const { id, status, body: text } of message) {
      const call = pending.get(id);
      if (call === undefined) continue;
      pending.delete(id);
      const body = JSON.parse(text) as Record<string, unknown>;
      if (status === 200) call.resolve(body);
      else call.reject(DynamoError.fromResponse(status, body));
    }
  });

  // Requests made in one turn of the event loop go to the worker in one message: one wake-up.
  let requests: WorkerRequest[] = [];
  const flushRequests = () => {
    const batch = requests;
    requests = [];
    worker.postMessage(batch);
  };
  const dynamo: DynamoCall = (operation, body) =>
    new Promise((resolve, reject) => {
      if (failure !== undefined) return reject(failure);
      if (!SUPPORTED.has(operation))
        return reject(new Error(`embedded store: ${operation} is not supported`));
      const id = nextId++;
      pending.set(id, { resolve, reject });
      if (requests.push({ id, operation, body: JSON.stringify(body) }) === 1) setImmediate(flushRequests);
    });

  const stop = () =>
    new Promise<void>((resolve) => {
      if (failure !== undefined) return resolve();
      const timer = setTimeout(() => void worker.terminate(), 5_000);
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      worker.on('message', (message: { kind?: string }) => {
        if (message.kind === 'stopped') void worker.terminate();
      });
      worker.postMessage({ kind: 'stop' });
    });

  return { dynamo, stop };
}

/** Creates the SipEdge table from TABLE_SCHEMA unless it exists, and waits until it is ACTIVE. */
export async function ensureTable(dynamo: DynamoCall, tableName: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { Table } = await dynamo('DescribeTable', { TableName: tableName });
      if ((Table as { TableStatus?: string } | undefined)?.TableStatus === 'ACTIVE') return;
    } catch (error) {
      if (!(error instanceof DynamoError && error.name === 'ResourceNotFoundException')) throw error;
      await dynamo('CreateTable', createTableInput(tableName));
      continue;
    }
    if (Date.now() > deadline)
      throw new Error(`table ${tableName} did not become ACTIVE within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
