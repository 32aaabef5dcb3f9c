/**
 * Two gateway instances of different edges in this process, as a deployment runs them: instance A
 * (edge ashburn) and instance B (edge sydney) on loopback with ephemeral ports, sharing one embedded
 * store, one nonce key and one gateway secret, each with the real register and route handlers
 * invoked in-process; plus the admin API on HTTP, which also serves TwiML Bins.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createAdminHandler } from '#functions/admin/admin-handler.js';
import type { CliCredentials } from '#functions/admin/cli/api-client.js';
import { putAccount } from '#functions/shared/store/account-store.js';
import { newSid } from '#functions/shared/store/sid.js';
import type { StoreContext } from '#functions/shared/store/store-context.js';
import type { EdgeName } from '#sip/config/edges.js';
import type { GatewayConfig } from '#sip/config/gateway-config.js';
import { loadSettings } from '#sip/config/load-config.js';
import { type RunningGateway, startGateway } from '#sip/gateway.js';
import { InProcessInvoker } from '#sip/invoke/in-process-invoker.js';
import { startLocalHttpServer } from '#sip/local/http-server.js';
import { createLocalHandlers } from '#sip/local/local-handlers.js';
import { ensureSelfSignedCertificate } from '#sip/local/self-signed-certificate.js';
import { startTestStore } from '#test/support/embedded-store.js';

export interface EdgeInstance {
  readonly gateway: RunningGateway;
  readonly config: GatewayConfig;
  /** The digest realm of the deployment (`sip.<zone>`). */
  readonly realm: string;
}

export interface TwoEdgeStack {
  readonly store: StoreContext;
  /** The account's API credentials, for provisioning through the admin API. */
  readonly creds: CliCredentials;
  /** Instance A, edge ashburn. */
  readonly a: EdgeInstance;
  /** Instance B, edge sydney. */
  readonly b: EdgeInstance;
  stop(): Promise<void>;
}

/** Teardown must not wait out production's 32 s grace for a call a failed test left up. */
const TEST_SHUTDOWN_GRACE_MS = 2_000;

export async function startTwoEdgeStack(): Promise<TwoEdgeStack> {
  const testStore = await startTestStore();
  const store: StoreContext = { dynamo: testStore.dynamo, tableName: testStore.tableName };
  const dir = await mkdtemp(join(tmpdir(), 'sipedge-e2e-'));
  const tls = await ensureSelfSignedCertificate(dir);
  // Every instance of a deployment shares the key: nonces and flow tokens verify on any of them.
  const sharedKey = randomBytes(32);

  const startEdge = async (edge: EdgeName, instanceId: string): Promise<EdgeInstance> => {
    const loaded = loadSettings(
      [
        `--edge=${edge}`,
        `--instance-id=${instanceId}`,
        '--host=127.0.0.1',
        '--udp-port=0',
        '--tcp-port=0',
        '--tls-port=0',
        `--tls-cert=${tls.certPath}`,
        `--tls-key=${tls.keyPath}`,
      ],
      {},
    );
    if (!loaded.ok) throw new Error(loaded.error);
    const { settings } = loaded;
    const config = { ...settings.gateway, shutdownGraceMs: TEST_SHUTDOWN_GRACE_MS };
    const handlers = createLocalHandlers({
      store,
      zone: config.zone,
      realm: settings.realm,
      nonceKey: sharedKey,
      digestAlgorithms: undefined,
      bindingsWhenFull: undefined,
      carrierTrunk: null,
    });
    const invoker = new InProcessInvoker(handlers, {
      timeoutMs: config.handlerTimeoutMs,
      retries: config.handlerRetries,
    });
    const gateway = await startGateway({
      config,
      invoker,
      logger: pino({ level: 'silent' }),
      gatewaySecret: sharedKey,
    });
    return { gateway, config, realm: settings.realm };
  };

  const a = await startEdge('ashburn', 'ashburn-a');
  const b = await startEdge('sydney', 'sydney-b');
  const nowIso = new Date().toISOString();
  const account = { sid: newSid('AC', Date.now()), authToken: randomBytes(16).toString('hex') };
  await putAccount(store, {
    ...account,
    friendlyName: 'cross-edge test',
    dateCreated: nowIso,
    dateUpdated: nowIso,
  });
  const http = await startLocalHttpServer({
    host: '127.0.0.1',
    port: 0,
    adminHandler: createAdminHandler({
      ...store,
      zone: a.config.zone,
      realm: a.realm,
      clock: Date.now,
    }),
    isHealthy: () => true,
  });
  return {
    store,
    creds: {
      apiUrl: `http://127.0.0.1:${http.port}`,
      accountSid: account.sid,
      authToken: account.authToken,
    },
    a,
    b,
    async stop() {
      await Promise.all([a.gateway.stop(), b.gateway.stop()]);
      await http.close();
      await testStore.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
