import { afterAll, afterEach, beforeAll } from 'vitest';
import { type GatewayFixture, startTestGateway } from '#test/support/gateway-fixture.js';
import { flowRegistrar } from './flow-registrar.js';
import { RoutePlans } from './route-plans.js';
import { SipPeer } from './sip-peer.js';

/**
 * One gateway for a proxy test file: its route handler answers from `plans`, its register handler
 * records the flow each user registered over, and the peers a test opens are closed after it.
 */
export class ProxyTestBed {
  readonly plans = new RoutePlans();
  readonly flows = new Map<string, string>();
  /** Replaced by a test that restarts the gateway. */
  fixture!: GatewayFixture;
  readonly #peers: SipPeer[] = [];

  /** A test bed whose gateway runs for the whole file (vitest hooks). */
  static use(): ProxyTestBed {
    const bed = new ProxyTestBed();
    beforeAll(async () => {
      bed.fixture = await startTestGateway({ route: bed.plans.handler, register: flowRegistrar(bed.flows) });
    });
    afterAll(async () => {
      await bed.fixture.stop();
    });
    afterEach(async () => {
      await Promise.all(bed.#peers.splice(0).map((peer) => peer.close()));
    });
    return bed;
  }

  port(protocol: 'udp' | 'tcp'): number {
    return this.fixture.gateway.ports[protocol] ?? 0;
  }

  async udpPeer(name: string): Promise<SipPeer> {
    const peer = await SipPeer.udp(name, this.port('udp'));
    this.#peers.push(peer);
    return peer;
  }

  /** A device on its own TCP flow, registered through the gateway so the test knows the flow id. */
  async tcpDevice(name: string): Promise<{ peer: SipPeer; flowId: string }> {
    const peer = await SipPeer.tcp(name, this.port('tcp'));
    this.#peers.push(peer);
    await peer.send(
      peer
        .build({ method: 'REGISTER', uri: 'sip:acme.sip.localhost', headers: [], callId: `reg-${name}` })
        .replace(/^To: .*$/m, `To: <sip:${name}@acme.sip.localhost>`),
    );
    await peer.response('REGISTER', 200);
    const flowId = this.flows.get(name);
    if (flowId === undefined) throw new Error('no flow recorded');
    return { peer, flowId };
  }
}
