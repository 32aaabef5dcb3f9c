import type { RouteHandler } from './api-types.js';
import * as cl from './routes/credential-lists.js';
import * as domains from './routes/domains.js';
import * as acl from './routes/ip-acls.js';
import { mappingRoutes } from './routes/mappings.js';
import { listRegistrationsRoute } from './routes/registrations.js';

type Methods = Partial<Record<'GET' | 'POST' | 'DELETE', RouteHandler>>;

/** Paths below `/2010-04-01/Accounts/{AccountSid}/`, without `.json`; `{X}` is a path parameter. */
const ROUTES: ReadonlyArray<readonly [string, Methods]> = (() => {
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
  ];
})();

export type RouteMatch =
  | { readonly kind: 'found'; readonly handler: RouteHandler; readonly params: Record<string, string> }
  | { readonly kind: 'methodNotAllowed' }
  | { readonly kind: 'notFound' };

/** Matches `segments` (the path after the account, `.json` removed from the last one). */
export function matchRoute(method: string, segments: readonly string[]): RouteMatch {
  for (const [pattern, methods] of ROUTES) {
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
