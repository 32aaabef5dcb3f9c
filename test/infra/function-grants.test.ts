import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/constructs/sip-function.js';
import {
  ADMIN_FUNCTION,
  EDGE_FUNCTIONS,
  type FunctionSpec,
  type IndexAction,
  type TableAction,
} from '../../infra/function-specs.js';

/** The table operations a function may be granted; each is the IAM action of the same name. */
const TABLE_OPERATIONS: ReadonlySet<string> = new Set([
  'GetItem',
  'BatchGetItem',
  'Query',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
]);

interface SentByCode {
  readonly tableActions: readonly string[];
  readonly indexActions: readonly IndexAction[];
  readonly readsSecret: boolean;
}

/**
 * What a function's code can send, read from its tree-shaken bundle (unminified, SDK external): every
 * `ctx.dynamo("<Operation>", …)` of functions/shared/store/table-operations.ts that survived (one
 * exported function per operation), a `gsi1` query target, a GetSecretValue.
 */
async function sentByCode(spec: FunctionSpec): Promise<SentByCode> {
  const out = await build({
    entryPoints: [spec.entry],
    absWorkingDir: PROJECT_ROOT,
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    external: ['@aws-sdk/*'],
    logLevel: 'silent',
  });
  const code = out.outputFiles.map((f) => f.text).join('\n');
  const operations = new Set(
    [...code.matchAll(/\.dynamo\(([^,)]*)/g)].map((m) => {
      const literal = /^"(\w+)"$/.exec(m[1] ?? '');
      if (literal === null) throw new Error(`${spec.entry}: a store call with a computed operation`);
      return literal[1] ?? '';
    }),
  );
  const tableActions = [...operations].map((operation) => {
    if (!TABLE_OPERATIONS.has(operation))
      throw new Error(`${spec.entry} sends ${operation}, which no spec may grant`);
    return `dynamodb:${operation}` as TableAction;
  });
  return {
    tableActions: tableActions.sort(),
    indexActions: /index: "gsi1"/.test(code) ? ['dynamodb:Query'] : [],
    readsSecret: code.includes('new GetSecretValueCommand('),
  };
}

describe('function grants match what the code sends (least privilege, nothing missing)', () => {
  it.each(
    [ADMIN_FUNCTION, ...EDGE_FUNCTIONS].map((spec) => [spec.id, spec] as const),
  )('%s', async (_id, spec) => {
    const sent = await sentByCode(spec);
    expect(sent.tableActions).toEqual([...spec.tableActions].sort());
    expect(sent.indexActions).toEqual(spec.indexActions);
    expect(sent.readsSecret).toBe(spec.readsNonceKey);
  });
});
