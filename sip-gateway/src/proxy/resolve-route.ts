import type { LocateServers } from '../dns/locate-servers.js';
import type { LocateRoute, RouteDecision } from './route-decision.js';

/**
 * A route decision whose next hop is a host name (a Record-Route by name, such as another edge's
 * `sip.<edge>.<zone>`), with the servers RFC 3263 §4 gives for it: the first to send to, the rest
 * to try in turn (§4.3). No server is a transport failure: 503 (RFC 3261 §16.7 step 6 style).
 */
export async function resolveRoute(route: LocateRoute, locate: LocateServers): Promise<RouteDecision> {
  const { uri, kind: _, ...transit } = route;
  const located = await locate(uri);
  if (!located.ok) return { kind: 'reject', code: 'unresolvableTarget' };
  const [send, ...alternates] = located.value;
  return { kind: 'forward', ...transit, send, alternates };
}
