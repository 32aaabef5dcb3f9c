/**
 * Composes one gateway process: transports → parser → transaction layer → gateway core.
 * Used by the production entry (main.ts) and the local runtime (local/main.ts).
 */
import type { Logger } from 'pino';
import type { GatewayConfig } from './config/gateway-config.js';
import type { IHandlerInvoker } from './invoke/handler-invoker.js';
import { serializeMessage, withReplacedTopVia } from './message/index.js';
import type { SipMessage, SipUri, Uri, Via } from './message/types.js';
import type { MetricsRecorder } from './metrics/gateway-metrics.js';
import { meteredInvoker } from './metrics/metered-invoker.js';
import { buildBadRequest, parseMessage } from './parser/index.js';
import { GatewayCore } from './proxy/gateway-core.js';
import type { RequestOrigin } from './proxy/request-origin.js';
import { realClock } from './transaction/clock.js';
import { TransactionLayer } from './transaction/transaction-layer.js';
import { responseDestination, stampReceived } from './transport/response-destination.js';
import type { SendTarget, TransportEvent, TransportProtocol } from './transport/transport.js';
import { type BoundPorts, TransportLayer } from './transport/transport-layer.js';

export interface GatewayDeps {
  readonly config: GatewayConfig;
  readonly invoker: IHandlerInvoker;
  readonly logger: Logger;
  /**
   * Keys the flow tokens of Record-Route and relay Route URIs (RFC 5626 §5.3). Every gateway
   * instance of a deployment must share it: another instance verifies the tokens this one writes.
   */
  readonly gatewaySecret: Uint8Array;
  /** CloudWatch EMF metrics (production); the local runtime passes none. */
  readonly metrics?: MetricsRecorder;
}

export interface RunningGateway {
  readonly ports: BoundPorts;
  flowCount(): number;
  transactionCount(): number;
  /** Stops intake, lets live transactions finish (up to the grace period), then closes every flow. */
  stop(): Promise<void>;
}

export async function startGateway({
  config,
  invoker,
  logger,
  gatewaySecret,
  metrics,
}: GatewayDeps): Promise<RunningGateway> {
  const ownPorts = new Set<number>();
  const ownHosts = new Set([config.advertisedAddress, config.bindAddress, 'localhost', '127.0.0.1']);
  let bound: BoundPorts | null = null;
  const configuredPorts = { udp: config.udpPort, tcp: config.tcpPort, tls: config.tlsPort };
  const portFor = (protocol: TransportProtocol): number => bound?.[protocol] ?? configuredPorts[protocol];
  let transport: TransportLayer | null = null;
  const core = new GatewayCore({
    config,
    invoker: metrics ? meteredInvoker(invoker, metrics, realClock) : invoker,
    logger,
    identity: { zone: config.zone, gatewayHosts: ownHosts },
    isOwnVia: (via: Via) => ownHosts.has(via.host) && ownPorts.has(via.port ?? 5060),
    isOwnUri: (uri: Uri): uri is SipUri =>
      'host' in uri &&
      ownHosts.has(uri.host) &&
      ownPorts.has(uri.port ?? (uri.scheme === 'sips' ? 5061 : 5060)),
    gatewaySecret,
    portFor,
    lookupFlow: (flowId) => transport?.flow(flowId),
    clock: realClock,
  });

  const send = async (message: SipMessage, target: SendTarget) => {
    const sent = await (transport?.send(target, serializeMessage(message)) ?? {
      ok: false as const,
      error: 'stopped',
    });
    return sent.ok ? { ok: true as const } : sent;
  };
  const transactions = new TransactionLayer<RequestOrigin, SendTarget>({
    transport: {
      sendRequest: (request, destination) => send(request, destination),
      sendResponse: (response, origin) => {
        metrics?.responseSent(response.status);
        return send(response, origin.responseTarget);
      },
    },
    user: core,
    clock: realClock,
    maxTransactions: config.maxTransactions,
  });
  core.attach(transactions);

  const onEvent = (event: TransportEvent): void => {
    if (event.kind !== 'message') {
      if (event.kind === 'flowClosed') core.onFlowClosed(event.flow);
      else if (event.kind === 'framingError')
        logger.warn({ flow: event.flow.id, reason: event.reason }, 'stream closed');
      return;
    }
    const { flow, bytes } = event;
    const parsed = parseMessage(bytes);
    if (!parsed.ok) {
      logger.info(
        {
          source: `${flow.protocol}:${flow.remote.address}:${flow.remote.port}`,
          reason: parsed.error.reason,
        },
        'malformed message',
      );
      const badRequest = buildBadRequest(parsed.error);
      if (badRequest) {
        void transport?.send(
          { protocol: flow.protocol, address: flow.remote.address, port: flow.remote.port, flowId: flow.id },
          badRequest,
        );
      }
      return;
    }
    const message = parsed.message;
    if (message.kind === 'response') {
      transactions.receiveResponse(message);
      return;
    }
    metrics?.requestReceived(message.method);
    // RFC 3261 §18.2.1 / RFC 3581 §4: note where the request really came from.
    const topVia = stampReceived(message.base.via[0], flow);
    const request = topVia === message.base.via[0] ? message : withReplacedTopVia(message, topVia);
    const origin: RequestOrigin = {
      flow,
      responseTarget: responseDestination(topVia, flow),
      raw: bytes,
      receivedAtMs: Date.now(),
    };
    transactions.receiveRequest(request, origin, flow.protocol !== 'udp');
  };

  transport = new TransportLayer(
    {
      bindAddress: config.bindAddress,
      udpPort: config.udpPort,
      tcpPort: config.tcpPort,
      tlsPort: config.tlsPort,
      tls: {
        certPath: config.tls.certPath,
        keyPath: config.tls.keyPath,
        allowDeprecated: config.tls.allowDeprecated,
      },
      maxMessageBytes: config.maxMessageBytes,
      flowIdleTimeoutMs: config.flowIdleTimeoutMs,
      udpReceiveBufferBytes: config.udpReceiveBufferBytes,
      maxConnectionsPerSourceAddress: config.maxConnectionsPerSourceAddress,
      flowIdPrefix: `${config.instanceId}.`,
    },
    onEvent,
  );
  const started = await transport.start();
  if (!started.ok) throw new Error(`SIP transports failed to start: ${started.error}`);
  const ports = started.value;
  bound = ports;
  for (const port of [ports.udp, ports.tcp, ports.tls]) if (port !== null) ownPorts.add(port);
  logger.info({ ports }, 'SIP gateway listening');

  return {
    ports,
    flowCount: () => transport?.flowCount() ?? 0,
    transactionCount: () => transactions.size(),
    async stop() {
      // New requests now get 503 (the layer refuses them); wait until no transaction awaits a final
      // response, within the grace period, then close every flow.
      void transactions.drain();
      const deadline = Date.now() + config.shutdownGraceMs;
      while (transactions.activeCount() > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await transport?.close();
    },
  };
}
