import type { HandlerEvent, HandlerResult } from '#sip/contract/handler-events.js';
import { ConfigError, SipEdgeFunctionError } from '../shared/errors.js';
import { parseCarrierTrunk } from './carrier-trunk.js';
import { handleInvite } from './invite/handle-invite.js';
import { handleCallProgress } from './progress/handle-call-progress.js';
import type { RouteDeps, RouteOptions } from './route-deps.js';
import { withOwnTwimlBins } from './webhook/own-twiml-bins.js';
import { overHttp } from './webhook/twiml-transport.js';

export type { RouteOptions } from './route-deps.js';

/**
 * The router (reference §3–§6): admits an INVITE to a SIP Domain, asks the customer's web server
 * what to do, and answers with a final response or the branches of a `<Dial>` for the gateway to
 * fork; when the `<Dial>` ends, the call-progress event carries the call on. Stateless: what a call
 * needs between events travels in the ProxyResult's `continuation`.
 */
export function createRouteHandler(options: RouteOptions): (event: HandlerEvent) => Promise<HandlerResult> {
  const trunk = options.carrierTrunk === null ? null : parseCarrierTrunk(options.carrierTrunk);
  if (trunk !== null && !trunk.ok) throw new ConfigError(trunk.error);
  const { twimlBinOrigins, ...rest } = options;
  const deps: RouteDeps = {
    ...rest,
    carrierTrunk: trunk === null ? null : trunk.value,
    twimlTransport: withOwnTwimlBins(twimlBinOrigins, options.directory, overHttp),
  };
  return async (event) => {
    switch (event.type) {
      case 'sip-request':
        return handleInvite(deps, event);
      case 'call-progress':
        return handleCallProgress(deps, event);
      default:
        throw new SipEdgeFunctionError(`the router does not handle ${event.type} events`);
    }
  };
}
