import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { GATEWAY_CONFIG_DEFAULTS, type GatewayConfig } from '#sip/config/gateway-config.js';
import type { HandlerName } from '#sip/contract/handler-events.js';
import { type RunningGateway, startGateway } from '#sip/gateway.js';
import { type InProcessHandler, InProcessInvoker } from '#sip/invoke/in-process-invoker.js';
import { ensureSelfSignedCertificate } from '#sip/local/self-signed-certificate.js';

export interface GatewayFixture {
  readonly gateway: RunningGateway;
  readonly config: GatewayConfig;
  stop(): Promise<void>;
}

/** The flow-token key every test gateway shares, as the instances of one deployment do. */
export const TEST_GATEWAY_SECRET: Uint8Array = Buffer.alloc(32, 0x5e);

/** A real gateway on 127.0.0.1 with ephemeral UDP/TCP/TLS ports and in-process handlers. */
export async function startTestGateway(
  handlers: Partial<Record<HandlerName, InProcessHandler>> = {},
  overrides: Partial<GatewayConfig> = {},
  gatewaySecret: Uint8Array = TEST_GATEWAY_SECRET,
): Promise<GatewayFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'sipedge-gw-'));
  const tls = await ensureSelfSignedCertificate(dir);
  const config: GatewayConfig = {
    ...GATEWAY_CONFIG_DEFAULTS,
    instanceId: 'test-1',
    advertisedAddress: '127.0.0.1',
    instanceAddress: '127.0.0.1',
    udpPort: 0,
    tcpPort: 0,
    tlsPort: 0,
    tls: { ...tls, allowDeprecated: false },
    handlerTimeoutMs: 500,
    shutdownGraceMs: 2_000,
    ...overrides,
  };
  const invoker = new InProcessInvoker(handlers, {
    timeoutMs: config.handlerTimeoutMs,
    retries: config.handlerRetries,
  });
  const gateway = await startGateway({ config, invoker, logger: pino({ level: 'silent' }), gatewaySecret });
  return {
    gateway,
    config,
    async stop() {
      await gateway.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
