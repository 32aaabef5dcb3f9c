/**
 * Production entry of the gateway (one Fargate task): settings from the environment, handlers in
 * AWS Lambda, and a graceful drain on SIGTERM.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { pino } from 'pino';
import { loadSettings } from './config/load-config.js';
import { startGateway } from './gateway.js';
import { LambdaInvoker } from './invoke/lambda-invoker.js';

const loaded = loadSettings(process.argv.slice(2), process.env);
if (!loaded.ok) {
  console.error(`sip-gateway: ${loaded.error}`);
  process.exit(2);
}
const { settings } = loaded;
const { gateway: config } = settings;
const logger = pino({ level: settings.logLevel, base: { edge: config.edge, instanceId: config.instanceId } });

// The invoker retries within its own deadline; the SDK must not add hidden attempts.
const lambda = new LambdaClient({ region: settings.awsRegion, maxAttempts: 1 });
const invoker = new LambdaInvoker(lambda, settings.functions, {
  timeoutMs: config.handlerTimeoutMs,
  retries: config.handlerRetries,
});

startGateway({ config, invoker, logger }).then(
  (gateway) => {
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal, flows: gateway.flowCount() }, 'draining');
      await gateway.stop();
      logger.info('stopped');
      process.exit(0);
    };
    process.on('SIGTERM', (signal) => void stop(signal));
    process.on('SIGINT', (signal) => void stop(signal));
  },
  (error: unknown) => {
    logger.fatal({ err: error }, 'gateway failed to start');
    process.exit(1);
  },
);
