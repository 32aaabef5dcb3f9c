import { getCredentialList } from '#functions/shared/store/credential-store.js';
import { getIpAcl } from '#functions/shared/store/ip-acl-store.js';
import type { MappingKind } from '#functions/shared/store/keys.js';
import {
  countMappings,
  createMapping,
  deleteMapping,
  getMapping,
  listMappings,
} from '#functions/shared/store/mapping-store.js';
import type { ApiResponse, RouteContext, RouteHandler } from '../api-types.js';
import { type MappingStyle, mappingCollectionPath, mappingJson } from '../wire/representations.js';
import { apiError } from '../wire/twilio-error.js';
import { loadDomain } from './domains.js';
import { listResponse, missing, notFound, pageParams, stamp } from './route-helpers.js';

export interface MappingRoutes {
  readonly list: RouteHandler;
  readonly create: RouteHandler;
  readonly fetch: RouteHandler;
  readonly remove: RouteHandler;
}

const isAcl = (kind: MappingKind) => kind === 'callsIpAcl';

/**
 * The handlers of one mapping collection. Legacy and Auth/Calls paths of a kind share one store, so
 * a list mapped through one shows in both and cannot be mapped twice (21231).
 */
export function mappingRoutes(kind: MappingKind, style: MappingStyle): MappingRoutes {
  const param = isAcl(kind) ? 'IpAccessControlListSid' : 'CredentialListSid';
  const listKey =
    style === 'auth'
      ? 'contents'
      : isAcl(kind)
        ? 'ip_access_control_list_mappings'
        : 'credential_list_mappings';
  const limit = (ctx: RouteContext) =>
    isAcl(kind) ? ctx.limits.maxIpAclsPerDomain : ctx.limits.maxCredentialListsPerDomain;

  const load = async (ctx: RouteContext, domainSid: string): Promise<ApiResponse> => {
    const sid = ctx.params.Sid ?? '';
    const mapping = await getMapping(ctx.store, domainSid, kind, sid);
    if (mapping === undefined) {
      return notFound(`${mappingCollectionPath(ctx.accountSid, domainSid, kind, style)}/${sid}.json`);
    }
    return { status: 200, body: mappingJson(mapping, style) };
  };

  return {
    async list(ctx) {
      const domain = await loadDomain(ctx);
      if (!('sid' in domain)) return domain;
      const params = pageParams(ctx);
      if (!params.ok) return params.error;
      const page = await listMappings(ctx.store, domain.sid, kind, params.value);
      const path = mappingCollectionPath(ctx.accountSid, domain.sid, kind, style);
      return listResponse(path, listKey, params.value, page, (m) => mappingJson(m, style));
    },
    async create(ctx) {
      const domain = await loadDomain(ctx);
      if (!('sid' in domain)) return domain;
      const listSid = ctx.request.form.get(param);
      if (listSid === null) return missing(param);
      const list = isAcl(kind)
        ? await getIpAcl(ctx.store, ctx.accountSid, listSid)
        : await getCredentialList(ctx.store, ctx.accountSid, listSid);
      if (list === undefined) return apiError('domainValidation', `${param} ${listSid} was not found`);
      if ((await countMappings(ctx.store, domain.sid, kind)) >= limit(ctx)) {
        const kindError = isAcl(kind) ? 'aclValidation' : 'maxCredentialLists';
        return apiError(kindError, `Maximum of ${limit(ctx)} lists mapped to a domain reached`);
      }
      const now = stamp(ctx);
      const mapping = {
        accountSid: ctx.accountSid,
        domainSid: domain.sid,
        kind,
        sid: list.sid,
        friendlyName: list.friendlyName,
        dateCreated: now,
        dateUpdated: now,
      };
      const created = await createMapping(ctx.store, mapping);
      if (!created.ok) {
        const what = isAcl(kind) ? 'IpAccessControlList' : 'CredentialList';
        return apiError('domainValidation', `${what} already associated with this domain`);
      }
      return { status: 201, body: mappingJson(mapping, style) };
    },
    async fetch(ctx) {
      const domain = await loadDomain(ctx);
      if (!('sid' in domain)) return domain;
      return load(ctx, domain.sid);
    },
    async remove(ctx) {
      const domain = await loadDomain(ctx);
      if (!('sid' in domain)) return domain;
      const found = await load(ctx, domain.sid);
      if (found.status !== 200) return found;
      await deleteMapping(ctx.store, domain.sid, kind, ctx.params.Sid ?? '');
      return { status: 204 };
    },
  };
}
