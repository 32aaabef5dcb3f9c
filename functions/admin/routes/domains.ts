import {
  claimDomainName,
  countDomains,
  deleteDomainItem,
  deleteSubdomainMarker,
  getDomain,
  getDomainNameClaim,
  hasSubdomains,
  listDomains,
  putDomain,
  putSubdomainMarker,
  releaseDomainName,
} from '#functions/shared/store/domain-store.js';
import { allDomainMappings, deleteMapping } from '#functions/shared/store/mapping-store.js';
import type { DomainRecord } from '#functions/shared/store/records.js';
import { newSid } from '#functions/shared/store/sid.js';
import type { ApiResponse, RouteContext } from '../api-types.js';
import { parseDomainSettings } from '../domain-settings.js';
import { validateDomainName } from '../validate.js';
import { accountBase, domainJson, domainPath } from '../wire/representations.js';
import { apiError } from '../wire/twilio-error.js';
import { listResponse, notFound, pageParams, stamp } from './route-helpers.js';

async function render(ctx: RouteContext, domain: DomainRecord, status: number): Promise<ApiResponse> {
  return { status, body: domainJson(domain, await allDomainMappings(ctx.store, domain.sid)) };
}

/** Loads the path's domain within the authenticated account (another account's SID is "not found"). */
export async function loadDomain(ctx: RouteContext): Promise<DomainRecord | ApiResponse> {
  const sid = ctx.params.DomainSid ?? '';
  const domain = await getDomain(ctx.store, ctx.accountSid, sid);
  return domain ?? notFound(`${domainPath(ctx.accountSid, sid)}.json`);
}

/**
 * Reference §2.5: "foo.example.sip.twilio.com can only be created if you have already reserved
 * example.sip.twilio.com" — the parent must belong to the same account.
 */
async function checkParent(ctx: RouteContext, name: string, parentName: string | undefined) {
  if (parentName === undefined) return undefined;
  const parent = await getDomainNameClaim(ctx.store, parentName);
  if (parent?.accountSid === ctx.accountSid) return undefined;
  return apiError('invalidDomain', `Domain ${name} is a subdomain of a domain you do not control`);
}

/**
 * Reference §2.5: "every account has its own Account SID reserved as a domain", so a name whose
 * first label is an account SID belongs to that account alone.
 */
function checkReservedName(ctx: RouteContext, name: string): ApiResponse | undefined {
  const label = name.split('.')[0] ?? '';
  if (!/^ac[0-9a-f]{32}$/i.test(label) || label.toLowerCase() === ctx.accountSid.toLowerCase())
    return undefined;
  return apiError('invalidDomain', `Domain ${name} is reserved for another account`);
}

async function claim(ctx: RouteContext, name: string, domainSid: string): Promise<ApiResponse | undefined> {
  const claimed = await claimDomainName(ctx.store, name, { accountSid: ctx.accountSid, domainSid });
  return claimed.ok ? undefined : apiError('invalidDomain', `Domain ${name} already exists.`);
}

const parentOf = (name: string, zone: string) => {
  const parsed = validateDomainName(name, zone);
  return parsed.ok ? parsed.value.parent : undefined;
};

export async function createDomain(ctx: RouteContext): Promise<ApiResponse> {
  if (ctx.request.form.get('DomainName') === null) {
    return apiError('invalidParameter', 'Missing required parameter DomainName in the post body');
  }
  const parsed = parseDomainSettings(ctx.request.form, undefined, ctx.zone, ctx.limits);
  if (!parsed.ok) return parsed.error;
  const { settings, parentName } = parsed.value;
  if ((await countDomains(ctx.store, ctx.accountSid)) >= ctx.limits.maxDomainsPerAccount) {
    return apiError(
      'maxDomains',
      `Maximum of ${ctx.limits.maxDomainsPerAccount} domains per account reached`,
    );
  }
  const parentProblem =
    checkReservedName(ctx, settings.domainName) ?? (await checkParent(ctx, settings.domainName, parentName));
  if (parentProblem !== undefined) return parentProblem;
  const now = stamp(ctx);
  const domain: DomainRecord = {
    ...settings,
    sid: newSid('SD', ctx.nowMs),
    accountSid: ctx.accountSid,
    dateCreated: now,
    dateUpdated: now,
  };
  const taken = await claim(ctx, domain.domainName, domain.sid);
  if (taken !== undefined) return taken;
  try {
    await putDomain(ctx.store, domain);
    if (parentName !== undefined) await putSubdomainMarker(ctx.store, parentName, domain.domainName);
  } catch (error) {
    await releaseDomainName(ctx.store, domain.domainName, domain.sid);
    throw error;
  }
  return render(ctx, domain, 201);
}

export async function fetchDomain(ctx: RouteContext): Promise<ApiResponse> {
  const domain = await loadDomain(ctx);
  return 'sid' in domain ? render(ctx, domain, 200) : domain;
}

export async function listDomainsRoute(ctx: RouteContext): Promise<ApiResponse> {
  const params = pageParams(ctx);
  if (!params.ok) return params.error;
  const page = await listDomains(ctx.store, ctx.accountSid, params.value);
  const records = page.ok ? page.value.records : [];
  const mappings = new Map(
    await Promise.all(records.map(async (d) => [d.sid, await allDomainMappings(ctx.store, d.sid)] as const)),
  );
  return listResponse(`${accountBase(ctx.accountSid)}/SIP/Domains`, 'domains', params.value, page, (d) =>
    domainJson(d, mappings.get(d.sid) ?? []),
  );
}

/** Update; a new DomainName claims the new name first, then releases the old one. */
export async function updateDomain(ctx: RouteContext): Promise<ApiResponse> {
  const current = await loadDomain(ctx);
  if (!('sid' in current)) return current;
  const parsed = parseDomainSettings(ctx.request.form, current, ctx.zone, ctx.limits);
  if (!parsed.ok) return parsed.error;
  const { settings, parentName } = parsed.value;
  const renamed = settings.domainName !== current.domainName;
  if (renamed) {
    if (await hasSubdomains(ctx.store, current.domainName)) {
      return apiError('domainHasSubdomains', `Domain ${current.domainName} still has subdomains`);
    }
    const parentProblem =
      checkReservedName(ctx, settings.domainName) ??
      (await checkParent(ctx, settings.domainName, parentName));
    if (parentProblem !== undefined) return parentProblem;
    const taken = await claim(ctx, settings.domainName, current.sid);
    if (taken !== undefined) return taken;
  }
  const updated: DomainRecord = { ...current, ...settings, dateUpdated: stamp(ctx) };
  await putDomain(ctx.store, updated);
  if (renamed) {
    const oldParent = parentOf(current.domainName, ctx.zone);
    if (oldParent !== undefined) await deleteSubdomainMarker(ctx.store, oldParent, current.domainName);
    if (parentName !== undefined) await putSubdomainMarker(ctx.store, parentName, settings.domainName);
    await releaseDomainName(ctx.store, current.domainName, current.sid);
  }
  return render(ctx, updated, 200);
}

/** Delete: refused while subdomains exist (21233); mappings go with it, bindings expire by TTL. */
export async function deleteDomain(ctx: RouteContext): Promise<ApiResponse> {
  const domain = await loadDomain(ctx);
  if (!('sid' in domain)) return domain;
  if (await hasSubdomains(ctx.store, domain.domainName)) {
    return apiError('domainHasSubdomains', `Domain ${domain.domainName} still has subdomains`);
  }
  await deleteDomainItem(ctx.store, ctx.accountSid, domain.sid);
  const parent = parentOf(domain.domainName, ctx.zone);
  if (parent !== undefined) await deleteSubdomainMarker(ctx.store, parent, domain.domainName);
  await releaseDomainName(ctx.store, domain.domainName, domain.sid);
  for (const mapping of await allDomainMappings(ctx.store, domain.sid)) {
    await deleteMapping(ctx.store, domain.sid, mapping.kind, mapping.sid);
  }
  return { status: 204 };
}
