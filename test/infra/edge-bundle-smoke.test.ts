import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HandlerEvent, HandlerResult } from '#sip/contract/handler-events.js';
import { startTestStore, type TestStore } from '#test/support/embedded-store.js';
import { PROJECT_ROOT } from '../../infra/constructs/sip-function.js';
import { NONCE_SECRET_NAME } from '../../infra/sip-edge-app.js';
import * as registrar from '../functions/register/registrar-harness.js';
import * as router from '../functions/route/handler/route-harness.js';
import {
  type CustomerWeb,
  response,
  startCustomerWeb,
  twiml,
} from '../functions/route/handler/web-server.js';
import { synthFunctionBundles } from './support/function-bundles.js';
import {
  type SecretsManagerStandIn,
  startSecretsManagerStandIn,
} from './support/secrets-manager-stand-in.js';

type Handler = (event: HandlerEvent) => Promise<HandlerResult>;

/**
 * The deployable artifacts of an edge: synth bundles `register` and `route` with the construct's esbuild
 * options, then each bundle is imported with the environment Lambda gives it and invoked against the
 * embedded store (dynalite) and a loopback stand-in of the Secrets Manager API, through the SDK's
 * standard endpoint overrides (no code of ours is replaced).
 */
describe('edge function bundles', () => {
  // Inside the repository so the bundles' external @aws-sdk/* imports resolve from node_modules.
  mkdirSync(path.join(PROJECT_ROOT, 'cdk.out'), { recursive: true });
  const outdir = mkdtempSync(path.join(PROJECT_ROOT, 'cdk.out', 'edge-bundle-smoke-'));
  let store: TestStore;
  let secrets: SecretsManagerStandIn;
  let web: CustomerWeb;
  let register: Handler;
  let route: Handler;

  beforeAll(async () => {
    store = await startTestStore('sipedge-edge-bundle-smoke');
    secrets = await startSecretsManagerStandIn({ [NONCE_SECRET_NAME]: 'a-nonce-key-of-the-deployment' });
    web = await startCustomerWeb();
    const bundles = synthFunctionBundles(outdir, 'SipEdge-Edge-ashburn');
    expect([...bundles.keys()].sort()).toEqual(['Register', 'Route']);

    // What the edge stack and Lambda provide, plus the SDK's standard endpoint overrides.
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('TABLE_NAME', store.tableName);
    vi.stubEnv('SIPEDGE_EDGE', 'ashburn');
    vi.stubEnv('SIPEDGE_ZONE', registrar.ZONE);
    vi.stubEnv('NONCE_SECRET_NAME', NONCE_SECRET_NAME);
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', store.endpoint);
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', secrets.endpoint);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    const load = async (id: string) =>
      ((await import(pathToFileURL(bundles.get(id) ?? '').href)) as { handler: Handler }).handler;
    register = await load('Register');
    route = await load('Route');
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await web?.close();
    await secrets?.close();
    await store?.stop();
    rmSync(outdir, { recursive: true, force: true });
  });

  it('register: challenges, then accepts the answer keyed by the nonce secret it fetched', async () => {
    const domain = await registrar.createDomain(store, 'bundle');
    const challenge = registrar.asResponse(await register(registrar.registerEvent(domain)));
    expect(challenge.status).toBe(401);
    const answer = registrar.answerChallenge(challenge, `sip:${domain.name}`);
    const event = registrar.registerEvent(domain, { headers: [`Authorization: ${answer}`] });
    const accepted = registrar.asResponse(await register(event));
    expect(accepted.status).toBe(200);
    expect(registrar.headerValues(accepted, 'Contact').join()).toContain('sip:alice@198.51.100.7:5060');
  });

  it('route: challenges the INVITE, then fetches the voice URL and dials what its TwiML says', async () => {
    const account = await router.createAccount(store);
    const voiceUrl = web.on('/voice', twiml(response('<Dial><Sip>sip:bob@pbx.example.com</Sip></Dial>')));
    const domain = await router.createDomain(store, account, 'bundle-calls', { voiceUrl });
    const challenge = router.asResponse(await route(router.inviteEvent(domain)));
    expect(challenge.status).toBe(407);
    const requestUri = `sip:+14155550100@${domain.name}`;
    const answer = router.answerChallenge(challenge, requestUri);
    const event = router.inviteEvent(domain, { headers: [`Proxy-Authorization: ${answer}`] });
    const dial = router.asProxy(await route(event));
    expect(dial.targets.map((t) => t.uri)).toEqual(['sip:bob@pbx.example.com']);
    expect(web.requestsTo('/voice')).toHaveLength(1);
  });

  it('each bundle fetched the nonce secret once, by the name the edge stack passes', () => {
    expect(secrets.requests).toEqual([{ secretId: NONCE_SECRET_NAME }, { secretId: NONCE_SECRET_NAME }]);
  });
});
