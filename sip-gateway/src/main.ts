/**
 * Production entry of the gateway (one Fargate task): settings from the environment, handlers in
 * AWS Lambda, `GET /health` for the load balancer, and a graceful drain on SIGTERM.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { pino } from 'pino';
import { ecsTaskAddress } from './cloud/ecs-task-address.js';
import type { GatewayConfig } from './config/gateway-config.js';
import { loadSettings, type Settings } from './config/load-config.js';
import { startGateway } from './gateway.js';
import { LambdaInvoker } from './invoke/lambda-invoker.js';
import { startLocalHttpServer } from './local/http-server.js';
import { ensureSelfSignedCertificate } from './local/self-signed-certificate.js';
import { startGatewayMetrics } from './metrics/gateway-metrics.js';
import { METRICS_DEFAULTS } from './metrics/metrics-settings.js';
import { realClock } from './transaction/clock.js';

const loaded = loadSettings(process.argv.slice(2), process.env);
if (!loaded.ok) {
  console.error(`sip-gateway: ${loaded.error}`);
  process.exit(2);
}
const { settings } = loaded;
const logger = pino({
  level: settings.logLevel,
  base: { edge: settings.gateway.edge, instanceId: settings.gateway.instanceId },
});

/** TLS material: PEMs from the secret, else the configured files, else a self-signed pair. */
async function withTlsFiles(config: GatewayConfig, pem: Settings['tlsPem']): Promise<GatewayConfig> {
  const dir = join(tmpdir(), 'sipedge-tls');
  if (pem) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const certPath = join(dir, 'cert.pem');
    const keyPath = join(dir, 'key.pem');
    writeFileSync(certPath, pem.cert, { mode: 0o600 });
    writeFileSync(keyPath, pem.key, { mode: 0o600 });
    return { ...config, tls: { ...config.tls, certPath, keyPath } };
  }
  if (existsSync(config.tls.certPath) && existsSync(config.tls.keyPath)) return config;
  logger.warn('no TLS certificate configured: using a self-signed one');
  return { ...config, tls: { ...config.tls, ...(await ensureSelfSignedCertificate(dir)) } };
}

async function main(): Promise<void> {
  const withTls = await withTlsFiles(settings.gateway, settings.tlsPem);
  const config =
    settings.ecsTaskMetadataUri === undefined
      ? withTls
      : { ...withTls, instanceAddress: await ecsTaskAddress(settings.ecsTaskMetadataUri) };
  // The invoker retries within its own deadline; the SDK must not add hidden attempts.
  const lambda = new LambdaClient({ region: settings.awsRegion, maxAttempts: 1 });
  const invoker = new LambdaInvoker(lambda, settings.functions, {
    timeoutMs: config.handlerTimeoutMs,
    retries: config.handlerRetries,
  });
  if (settings.sharedKey === undefined) throw new Error('SIPEDGE_NONCE_KEY is required (the shared key)');
  let flows = () => 0;
  const metrics = startGatewayMetrics({
    edge: config.edge,
    clock: realClock,
    wallClockMs: Date.now,
    write: (line) => process.stdout.write(`${line}\n`),
    activeFlows: () => flows(),
    settings: METRICS_DEFAULTS,
  });
  const gateway = await startGateway({ config, invoker, logger, gatewaySecret: settings.sharedKey, metrics });
  flows = gateway.flowCount;
  let healthy = true;
  const health = await startLocalHttpServer({
    host: config.bindAddress,
    port: settings.httpPort,
    isHealthy: () => healthy,
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    healthy = false;
    logger.info({ signal, flows: gateway.flowCount() }, 'draining');
    await gateway.stop();
    metrics.stop();
    await health.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', (signal) => void stop(signal));
  process.on('SIGINT', (signal) => void stop(signal));
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, 'gateway failed to start');
  process.exit(1);
});
