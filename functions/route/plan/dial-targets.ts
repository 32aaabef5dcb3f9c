import { isEdgeName } from '#sip/config/edges.js';
import type { ProxyTarget } from '#sip/contract/handler-events.js';
import { formatUri } from '#sip/message/uri/format-uri.js';
import { classifyRequestTarget } from '#sip/proxy/request-target.js';
import { err, ok, type Result } from '../../shared/result.js';
import { readAorBindings } from '../../shared/store/binding-store.js';
import type { RouteDeps } from '../route-deps.js';
import type { DialNoun, NumberNoun, SipNoun } from '../twiml/twiml-document.js';
import { bindingTarget, withExtras } from './binding-target.js';
import type { DialFailureCode } from './dial-failures.js';

/** The branches of a `<Dial>`, in noun order, and the nouns that could not be rung. */
export interface DialPlan {
  readonly targets: readonly ProxyTarget[];
  readonly failures: readonly DialFailureCode[];
}

const NO_GATEWAY_HOSTS: ReadonlySet<string> = new Set();

/** How a noun is named as the To of the child leg. */
export function nounAddress(noun: DialNoun): string {
  if (noun.kind === 'sip') return formatUri(noun.uri);
  return noun.kind === 'number' ? noun.number : `client:${noun.identity}`;
}

/** Resolves every noun (reference §5.1: all rung at once, the first answer wins). */
export async function planDial(
  deps: RouteDeps,
  accountSid: string,
  nouns: readonly DialNoun[],
): Promise<DialPlan> {
  const targets: ProxyTarget[] = [];
  const failures: DialFailureCode[] = [];
  for (const noun of nouns) {
    const resolved =
      noun.kind === 'sip'
        ? await sipTargets(deps, accountSid, noun)
        : noun.kind === 'number'
          ? numberTarget(deps, noun)
          : err('clientNotSupported' as const);
    if (resolved.ok) targets.push(...resolved.value);
    else failures.push(resolved.error);
  }
  return { targets, failures };
}

/**
 * `<Sip>`: a URI of a SipEdge domain rings every live binding of that AOR, at every edge
 * (reference §6.5); any other URI is one branch to that URI.
 */
async function sipTargets(
  deps: RouteDeps,
  accountSid: string,
  noun: SipNoun,
): Promise<Result<ProxyTarget[], DialFailureCode>> {
  const extras = {
    headers: noun.headers,
    credentials:
      noun.username === null || noun.password === null
        ? null
        : { username: noun.username, password: noun.password },
  };
  const target = classifyRequestTarget(noun.uri, { zone: deps.zone, gatewayHosts: NO_GATEWAY_HOSTS });
  if (target.kind !== 'domain') return ok([withExtras({ uri: formatUri(noun.uri) }, extras)]);
  // Registered endpoints are dialled by the global name only (32220) and by user (32223).
  if (target.edge !== null) return err('edgeNotAllowed');
  if (noun.uri.user === null || noun.uri.user === '') return err('noUsername');
  const config = await deps.directory.domainByName(target.domainName);
  if (config === undefined) return err('unknownDomain');
  if (config.domain.accountSid !== accountSid) return err('otherAccount');
  const items = await readAorBindings(deps.store, config.domain.sid, noun.uri.user, deps.now());
  // Only a registrar of a known edge writes bindings; an item of another edge name is skipped.
  const targets = items.flatMap(({ edge, contacts }) =>
    isEdgeName(edge) ? contacts.map((contact) => bindingTarget(contact, edge, extras)) : [],
  );
  return targets.length === 0 ? err('notRegistered') : ok(targets);
}

/** `<Number>`: the carrier trunk with the E.164 number as its user part. */
function numberTarget(deps: RouteDeps, noun: NumberNoun): Result<ProxyTarget[], DialFailureCode> {
  const trunk = deps.carrierTrunk;
  if (trunk === null) return err('noCarrierTrunk');
  const uri = formatUri({ ...trunk.uri, user: noun.number });
  return ok([withExtras({ uri }, { headers: [], credentials: trunk.credentials })]);
}
