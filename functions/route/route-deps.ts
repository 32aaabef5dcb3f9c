import type { DigestSettings } from '../shared/digest/digest-settings.js';
import type { CarrierTrunkEnv } from '../shared/env.js';
import type { AuthDirectory } from '../shared/store/auth-directory.js';
import type { StoreContext } from '../shared/store/store-context.js';
import type { CarrierTrunk } from './carrier-trunk.js';
import type { RouteSettings } from './route-settings.js';
import type { TwimlTransport } from './webhook/twiml-transport.js';

/** What the route handler is built from; once per process (Lambda cold start, local runtime). */
export interface RouteOptions {
  readonly store: StoreContext;
  /** Domains, HA1s and IP ACLs, cached with bounded staleness. */
  readonly directory: AuthDirectory;
  /** INVITEs are challenged with 407 and Proxy-Authenticate (RFC 3261 §22.3). */
  readonly digest: DigestSettings;
  /** Domains are `<name>.sip.<zone>`. */
  readonly zone: string;
  readonly settings: RouteSettings;
  /** Where `<Dial><Number>` goes; null: `<Number>` fails with alert 32400. */
  readonly carrierTrunk: CarrierTrunkEnv | null;
  /** Origins of this deployment's admin API: TwiML Bins under them are served in-process. */
  readonly twimlBinOrigins: readonly string[];
  readonly now: () => number;
}

/** The options with the carrier trunk checked. */
export interface RouteDeps extends Omit<RouteOptions, 'carrierTrunk' | 'twimlBinOrigins'> {
  readonly carrierTrunk: CarrierTrunk | null;
  /** How TwiML requests are sent: the deployment's own bins in-process, the rest over HTTP. */
  readonly twimlTransport: TwimlTransport;
}
