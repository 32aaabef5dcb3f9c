/**
 * Gateway instances of two edges in this process, as a deployment runs them: instance A (edge
 * ashburn) and instance B (edge sydney) on loopback with ephemeral ports, sharing one embedded
 * store, one nonce key and one gateway secret, each with the real register and route handlers
 * invoked in-process; plus the admin API on HTTP, which also serves TwiML Bins. Each edge advertises
 * its public name `sip.<edge>.localhost`, which a DNS server on loopback resolves (every instance
 * asks it, `--dns-servers`). With `edgeBInstances: 2`, edge sydney runs a second instance B2 on
 * 127.0.0.2 with B's ports, and its name leads to B2 only, as an NLB that picked B2 would.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Answer } from 'dns-packet';
import { pino } from 'pino';
import { createAdminHandler } from '#functions/admin/admin-handler.js';
import type { CliCredentials } from '#functions/admin/cli/api-client.js';
import { putAccount } from '#functions/shared/store/account-store.js';
import { newSid } from '#functions/shared/store/sid.js';
import type { StoreContext } from '#functions/shared/store/store-context.js';
import { type EdgeName, edgeHostname } from '#sip/config/edges.js';
import type { GatewayConfig } from '#sip/config/gateway-config.js';
import { loadSettings } from '#sip/config/load-config.js';
import { type RunningGateway, startGateway } from '#sip/gateway.js';
import { InProcessInvoker } from '#sip/invoke/in-process-invoker.js';
import { startLocalHttpServer } from '#sip/local/http-server.js';
import { createLocalHandlers } from '#sip/local/local-handlers.js';
import { ensureSelfSignedCertificate } from '#sip/local/self-signed-certificate.js';
import { startTestStore } from '#test/support/embedded-store.js';
import { type LoopbackDns, startLoopbackDns } from './loopback-dns.js';

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
  /** Instance B, edge sydney: where bob registers (B1). */
  readonly b: EdgeInstance;
  /** With `edgeBInstances: 2`: edge sydney's second instance, the one its name leads to. */
  readonly b2: EdgeInstance | null;
  /** The DNS server every instance asks; its questions show what was located. */
  readonly dns: LoopbackDns;
  stop(): Promise<void>;
}

export interface TwoEdgeOptions {
  /** Instances of edge sydney (default 1). */
  readonly edgeBInstances?: 1 | 2;
}

/** The zone of the stack: domains are `<name>.sip.localhost`, edges `sip.<edge>.localhost`. */
const ZONE = 'localhost';
/** B2's loopback address: a second host of edge sydney. */
const B2_ADDRESS = '127.0.0.2';

/** Teardown must not wait out production's 32 s grace for a call a failed test left up. */
const TEST_SHUTDOWN_GRACE_MS = 2_000;

export async function startTwoEdgeStack(options: TwoEdgeOptions = {}): Promise<TwoEdgeStack> {
  const records: Answer[] = [];
  const dns = await startLoopbackDns(records);
  const testStore = await startTestStore();
  const store: StoreContext = { dynamo: testStore.dynamo, tableName: testStore.tableName };
  const dir = await mkdtemp(join(tmpdir(), 'sipedge-e2e-'));
  const tls = await ensureSelfSignedCertificate(dir);
  // Every instance of a deployment shares the key: nonces and flow tokens verify on any of them.
  const sharedKey = randomBytes(32);

  const startEdge = async (
    edge: EdgeName,
    instanceId: string,
    host = '127.0.0.1',
    ports: { udp: number; tcp: number; tls: number } = { udp: 0, tcp: 0, tls: 0 },
  ): Promise<EdgeInstance> => {
    const loaded = loadSettings(
      [
        `--edge=${edge}`,
        `--instance-id=${instanceId}`,
        `--zone=${ZONE}`,
        `--host=${host}`,
        `--advertised-address=${edgeHostname(edge, ZONE)}`,
        `--instance-address=${host}`,
        `--dns-servers=${dns.server}`,
        `--udp-port=${ports.udp}`,
        `--tcp-port=${ports.tcp}`,
        `--tls-port=${ports.tls}`,
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
      twimlBinOrigins: [],
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
  const bPorts = {
    udp: b.gateway.ports.udp ?? 0,
    tcp: b.gateway.ports.tcp ?? 0,
    tls: b.gateway.ports.tls ?? 0,
  };
  const b2 = options.edgeBInstances === 2 ? await startEdge('sydney', 'sydney-b2', B2_ADDRESS, bPorts) : null;
  // Each edge's name: its A record (Record-Route values carry the port) and the SRV record of its
  // TCP entry (RFC 3263 §4.2), which another edge's relay locates.
  const entries = [
    { instance: a, address: '127.0.0.1' },
    { instance: b2 ?? b, address: b2 === null ? '127.0.0.1' : B2_ADDRESS },
  ];
  for (const { instance, address } of entries) {
    const name = instance.config.advertisedAddress;
    records.push(
      { type: 'A', name, ttl: 60, data: address },
      {
        type: 'SRV',
        name: `_sip._tcp.${name}`,
        ttl: 60,
        data: { priority: 10, weight: 0, port: instance.gateway.ports.tcp ?? 0, target: name },
      },
    );
  }
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
    b2,
    dns,
    async stop() {
      await Promise.all([a, b, b2].map((instance) => instance?.gateway.stop()));
      await http.close();
      await dns.close();
      await testStore.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
