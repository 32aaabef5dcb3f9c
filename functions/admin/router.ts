import { TWIML_BIN_SERVE_ROOT } from '#functions/shared/twiml-bin/serve-bin.js';
import type { ApiResponse, RouteContext } from './api-types.js';
import * as alerts from './routes/alerts.js';
import * as calls from './routes/calls.js';
import * as cl from './routes/credential-lists.js';
import * as domains from './routes/domains.js';
import * as acl from './routes/ip-acls.js';
import { mappingRoutes } from './routes/mappings.js';
import { listRegistrationsRoute } from './routes/registrations.js';
import * as bins from './routes/twiml-bins.js';
import { API_VERSION } from './wire/representations.js';

/** A route context plus the API's external origin (`scheme://host`), for absolute URLs. */
export interface OriginRouteContext extends RouteContext {
  readonly origin: string;
}

export type OriginRouteHandler = (ctx: OriginRouteContext) => Promise<ApiResponse>;

type Methods = Partial<Record<'GET' | 'POST' | 'DELETE', OriginRouteHandler>>;
type RouteTable = ReadonlyArray<readonly [string, Methods]>;

/** Paths below `/2010-04-01/Accounts/{AccountSid}/`, without `.json`; `{X}` is a path parameter. */
const ACCOUNT_ROUTES: RouteTable = (() => {
  const domain = 'SIP/Domains/{DomainSid}';
  const mappingPaths = [
    ['Auth/Calls/CredentialListMappings', mappingRoutes('callsCredentialList', 'auth')],
    ['Auth/Calls/IpAccessControlListMappings', mappingRoutes('callsIpAcl', 'auth')],
    ['Auth/Registrations/CredentialListMappings', mappingRoutes('registrationsCredentialList', 'auth')],
    ['CredentialListMappings', mappingRoutes('callsCredentialList', 'legacy')],
    ['IpAccessControlListMappings', mappingRoutes('callsIpAcl', 'legacy')],
  ] as const;
  return [
    ['SIP/Domains', { GET: domains.listDomainsRoute, POST: domains.createDomain }],
    [domain, { GET: domains.fetchDomain, POST: domains.updateDomain, DELETE: domains.deleteDomain }],
    [`${domain}/Registrations`, { GET: listRegistrationsRoute }],
    ...mappingPaths.flatMap(([path, r]) => [
      [`${domain}/${path}`, { GET: r.list, POST: r.create }] as const,
      [`${domain}/${path}/{Sid}`, { GET: r.fetch, DELETE: r.remove }] as const,
    ]),
    ['SIP/CredentialLists', { GET: cl.listCredentialListsRoute, POST: cl.createCredentialListRoute }],
    [
      'SIP/CredentialLists/{Sid}',
      {
        GET: cl.fetchCredentialListRoute,
        POST: cl.updateCredentialListRoute,
        DELETE: cl.deleteCredentialListRoute,
      },
    ],
    [
      'SIP/CredentialLists/{CredentialListSid}/Credentials',
      { GET: cl.listCredentialsRoute, POST: cl.createCredentialRoute },
    ],
    [
      'SIP/CredentialLists/{CredentialListSid}/Credentials/{Sid}',
      { GET: cl.fetchCredentialRoute, POST: cl.updateCredentialRoute, DELETE: cl.deleteCredentialRoute },
    ],
    ['SIP/IpAccessControlLists', { GET: acl.listIpAclsRoute, POST: acl.createIpAclRoute }],
    [
      'SIP/IpAccessControlLists/{Sid}',
      { GET: acl.fetchIpAclRoute, POST: acl.updateIpAclRoute, DELETE: acl.deleteIpAclRoute },
    ],
    [
      'SIP/IpAccessControlLists/{IpAccessControlListSid}/IpAddresses',
      { GET: acl.listIpAddressesRoute, POST: acl.createIpAddressRoute },
    ],
    [
      'SIP/IpAccessControlLists/{IpAccessControlListSid}/IpAddresses/{Sid}',
      { GET: acl.fetchIpAddressRoute, POST: acl.updateIpAddressRoute, DELETE: acl.deleteIpAddressRoute },
    ],
    ['Calls', { GET: calls.listCallsRoute }],
    ['Calls/{Sid}', { GET: calls.fetchCallRoute }],
    ['TwimlBins', { GET: bins.listTwimlBinsRoute, POST: bins.createTwimlBinRoute }],
    [
      'TwimlBins/{Sid}',
      { GET: bins.fetchTwimlBinRoute, POST: bins.updateTwimlBinRoute, DELETE: bins.deleteTwimlBinRoute },
    ],
  ];
})();

/** Twilio Monitor paths below `/v1/` (no `.json`); the account is the authenticated one. */
const MONITOR_ROUTES: RouteTable = [
  ['Alerts', { GET: alerts.listAlertsRoute }],
  ['Alerts/{Sid}', { GET: alerts.fetchAlertRoute }],
];

export type RouteMatch =
  | { readonly kind: 'found'; readonly handler: OriginRouteHandler; readonly params: Record<string, string> }
  | { readonly kind: 'methodNotAllowed' }
  | { readonly kind: 'notFound' };

/** Matches `segments` (the path below the table's root) against a table. */
function matchRoute(table: RouteTable, method: string, segments: readonly string[]): RouteMatch {
  for (const [pattern, methods] of table) {
    const parts = pattern.split('/');
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = parts.every((part, i) => {
      const segment = segments[i] ?? '';
      if (part.startsWith('{')) {
        params[part.slice(1, -1)] = segment;
        return segment !== '';
      }
      return part === segment;
    });
    if (!matches) continue;
    const handler = methods[method as keyof Methods];
    return handler === undefined ? { kind: 'methodNotAllowed' } : { kind: 'found', handler, params };
  }
  return { kind: 'notFound' };
}

/** What a request path addresses; the route is matched before authentication, reported after it. */
export type RequestTarget =
  | { readonly kind: 'account'; readonly accountSid: string; readonly route: RouteMatch }
  | { readonly kind: 'monitor'; readonly route: RouteMatch }
  | { readonly kind: 'twimlBin'; readonly accountSid: string; readonly binSid: string }
  | { readonly kind: 'notFound' };

/**
 * `/2010-04-01/Accounts/{AccountSid}/….json` (the REST API), `/v1/…` (Monitor, account from Basic
 * auth) or `/twiml-bins/{AccountSid}/{TwimlBinSid}` (a served bin, signature auth).
 */
export function resolveTarget(method: string, rawPath: string): RequestTarget {
  const [empty, root, ...rest] = rawPath.split('/');
  if (empty !== '') return { kind: 'notFound' };
  if (root === API_VERSION) {
    const [accounts, accountSid = '', ...segments] = rest;
    const last = segments.at(-1);
    if (accounts !== 'Accounts' || last?.endsWith('.json') !== true) return { kind: 'notFound' };
    const route = matchRoute(ACCOUNT_ROUTES, method, [
      ...segments.slice(0, -1),
      last.slice(0, -'.json'.length),
    ]);
    return { kind: 'account', accountSid, route };
  }
  if (root === 'v1') return { kind: 'monitor', route: matchRoute(MONITOR_ROUTES, method, rest) };
  const [accountSid, binSid] = rest;
  if (root === TWIML_BIN_SERVE_ROOT && rest.length === 2 && accountSid && binSid) {
    return { kind: 'twimlBin', accountSid, binSid };
  }
  return { kind: 'notFound' };
}
