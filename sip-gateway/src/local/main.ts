/**
 * `npm start`: the whole of SipEdge on one machine. The embedded DynamoDB (dynalite, on a worker
 * thread), the SIP gateway, the handlers invoked in-process with the same event payloads as in
 * Lambda, and the admin API + health check on HTTP.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { pino } from 'pino';
import { createAdminHandler } from '#functions/admin/admin-handler.js';
import { type LogLevel, loadSettings } from '../config/load-config.js';
import { type RunningGateway, startGateway } from '../gateway.js';
import { InProcessInvoker } from '../invoke/in-process-invoker.js';
import { ensureTable, startEmbeddedStore } from './embedded-store.js';
import { startLocalHttpServer } from './http-server.js';
import { ensureLocalAccount } from './local-account.js';
import { createLocalHandlers } from './local-handlers.js';
import { ensureNonceKey } from './nonce-key.js';
import { ensureSelfSignedCertificate } from './self-signed-certificate.js';

const TABLE_NAME = 'sipedge';

const loaded = loadSettings(process.argv.slice(2), process.env);
if (!loaded.ok) {
  console.error(`sipedge: ${loaded.error}`);
  process.exit(2);
}
const { settings } = loaded;
const logger = pino({
  level: settings.logLevel satisfies LogLevel,
  base: { edge: settings.gateway.edge, instanceId: settings.gateway.instanceId },
});
let ready = false;

async function main(): Promise<void> {
  mkdirSync(settings.dataDir, { recursive: true });
  const store = startEmbeddedStore({ dataDir: settings.dataDir, memory: settings.memory });
  const tableStore = { dynamo: store.dynamo, tableName: TABLE_NAME };
  await ensureTable(tableStore.dynamo, TABLE_NAME);
  const account = await ensureLocalAccount({
    store: tableStore,
    dataDir: settings.dataDir,
    accountSid: process.env.SIPEDGE_ACCOUNT_SID || undefined,
    authToken: process.env.SIPEDGE_AUTH_TOKEN || undefined,
  });

  let gatewayConfig = settings.gateway;
  if (!existsSync(gatewayConfig.tls.certPath) || !existsSync(gatewayConfig.tls.keyPath)) {
    const generated = await ensureSelfSignedCertificate(`${settings.dataDir}/tls`);
    gatewayConfig = { ...gatewayConfig, tls: { ...gatewayConfig.tls, ...generated } };
  }
  const nonceKey = await ensureNonceKey(settings.dataDir, settings.memory);
  const http = await startLocalHttpServer({
    host: gatewayConfig.bindAddress,
    port: settings.httpPort,
    adminHandler: createAdminHandler({
      ...tableStore,
      zone: gatewayConfig.zone,
      realm: settings.realm,
      clock: Date.now,
    }),
    isHealthy: () => ready,
  });
  const handlers = createLocalHandlers({
    store: tableStore,
    zone: gatewayConfig.zone,
    realm: settings.realm,
    nonceKey,
    carrierTrunk: settings.carrierTrunk ?? null,
    digestAlgorithms: settings.digestAlgorithms,
    bindingsWhenFull: settings.bindingsWhenFull,
    twimlBinOrigins: http.origins,
  });
  const invoker = new InProcessInvoker(handlers, {
    timeoutMs: gatewayConfig.handlerTimeoutMs,
    retries: gatewayConfig.handlerRetries,
  });
  const gateway: RunningGateway = await startGateway({
    config: gatewayConfig,
    invoker,
    logger,
    gatewaySecret: nonceKey,
  });

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    ready = false;
    logger.info({ signal }, 'shutting down');
    try {
      await gateway.stop();
      await http.close();
      await store.stop();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'unclean shutdown');
      process.exit(1);
    }
  };
  process.on('SIGINT', (signal) => void shutdown(signal));
  process.on('SIGTERM', (signal) => void shutdown(signal));

  ready = true;
  logger.info(
    {
      host: gatewayConfig.bindAddress,
      sip: gateway.ports,
      httpPort: http.port,
      zone: gatewayConfig.zone,
      accountSid: account.accountSid,
      authToken: account.authToken,
      dataDir: settings.memory ? null : settings.dataDir,
    },
    'SipEdge local runtime ready',
  );
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, 'local runtime failed to start');
  process.exit(1);
});
