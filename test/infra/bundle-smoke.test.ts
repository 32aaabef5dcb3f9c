import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { putAccount } from '#functions/shared/store/account-store.js';
import { createDynamoHttp } from '#functions/shared/store/dynamo-http.js';
import { newSid } from '#functions/shared/store/sid.js';
import { ensureTable } from '#sip/local/embedded-store.js';
import {
  DYNALITE_CREDENTIALS,
  type DynaliteProcess,
  startDynaliteProcess,
} from '#test/support/dynalite-process.js';
import { PROJECT_ROOT } from '../../infra/constructs/sip-function.js';
import { synthFunctionBundles } from './support/function-bundles.js';

type Handler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

const TABLE = 'sipedge-bundle-smoke';
const ACCOUNT_SID = newSid('AC', 0);
const AUTH_TOKEN = 'a'.repeat(32);

function apiEvent(rawPath: string, authorization?: string): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'ANY /{proxy+}',
    rawPath,
    rawQueryString: '',
    headers: authorization ? { authorization } : {},
    isBase64Encoded: false,
    requestContext: { http: { method: 'GET', path: rawPath } },
  } as unknown as APIGatewayProxyEventV2;
}

/**
 * The deployable artifact, not the source: synth bundles the admin function with the construct's esbuild
 * options into cdk.out, then the bundle is imported and invoked against the local runtime's embedded store (dynalite).
 */
describe('admin function bundle', () => {
  // Inside the repository so the bundle's external @aws-sdk/* imports resolve from node_modules.
  mkdirSync(path.join(PROJECT_ROOT, 'cdk.out'), { recursive: true });
  const outdir = mkdtempSync(path.join(PROJECT_ROOT, 'cdk.out', 'bundle-smoke-'));
  let store: DynaliteProcess;
  let handler: Handler;

  beforeAll(async () => {
    store = await startDynaliteProcess();
    const { endpoint } = store;
    const dynamo = createDynamoHttp({ region: 'us-east-1', endpoint, credentials: DYNALITE_CREDENTIALS });
    await ensureTable(dynamo, TABLE);
    await putAccount(
      { dynamo, tableName: TABLE },
      {
        sid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
        friendlyName: 'smoke',
        dateCreated: new Date(0).toUTCString(),
        dateUpdated: new Date(0).toUTCString(),
      },
    );

    const bundles = synthFunctionBundles(outdir, 'SipEdge-Admin');
    expect([...bundles.keys()]).toEqual(['AdminApi']);

    // What Lambda provides, plus the SDK's standard endpoint override pointing at dynalite.
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('TABLE_NAME', TABLE);
    vi.stubEnv('SIPEDGE_ZONE', 'voice.example.com');
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', endpoint);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    const bundle = (await import(pathToFileURL(bundles.get('AdminApi') ?? '').href)) as { handler: Handler };
    handler = bundle.handler;
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await store.stop();
    rmSync(outdir, { recursive: true, force: true });
  });

  it('exports a handler', () => {
    expect(typeof handler).toBe('function');
  });

  it('answers 401 with a Basic challenge without credentials', async () => {
    const result = await handler(apiEvent(`/2010-04-01/Accounts/${ACCOUNT_SID}/SIP/Domains.json`));
    expect(result.statusCode).toBe(401);
    expect(result.headers?.['www-authenticate']).toContain('Basic');
  });

  it('reads the store and lists domains for the right credentials', async () => {
    const basic = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`;
    const result = await handler(apiEvent(`/2010-04-01/Accounts/${ACCOUNT_SID}/SIP/Domains.json`, basic));
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(String(result.body))).toHaveProperty('domains', []);
  });
});
