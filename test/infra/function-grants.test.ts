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

/** The DynamoDB action each document-client command needs (IAM names the item-level API). */
const COMMAND_ACTIONS: Readonly<Record<string, TableAction>> = {
  Get: 'dynamodb:GetItem',
  BatchGet: 'dynamodb:BatchGetItem',
  Query: 'dynamodb:Query',
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  BatchWrite: 'dynamodb:BatchWriteItem',
};

interface SentByCode {
  readonly tableActions: readonly string[];
  readonly indexActions: readonly IndexAction[];
  readonly readsSecret: boolean;
}

/**
 * What a function's code can send, read from its tree-shaken bundle (unminified, SDK external): every
 * `new <X>Command(` of @aws-sdk/lib-dynamodb that survived, a `gsi1` query target, a GetSecretValue.
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
  const commands = new Set(
    [...code.matchAll(/new (\w+?)Command\d*\(/g)]
      .map((m) => m[1] ?? '')
      .filter((c) => c !== 'GetSecretValue'),
  );
  const tableActions = [...commands].map((command) => {
    const action = COMMAND_ACTIONS[command];
    if (action === undefined)
      throw new Error(`${spec.entry} sends ${command}Command, which no spec may grant`);
    return action;
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
