import {
  allIpAcls,
  allIpAddresses,
  countIpAcls,
  deleteIpAcl,
  deleteIpAddress,
  getIpAcl,
  getIpAddress,
  listIpAcls,
  listIpAddresses,
  putIpAcl,
  putIpAddress,
} from '#functions/shared/store/ip-acl-store.js';
import { isListMapped } from '#functions/shared/store/mapping-store.js';
import type { IpAclRecord, IpAddressRecord } from '#functions/shared/store/records.js';
import { newSid } from '#functions/shared/store/sid.js';
import type { ApiResponse, RouteContext } from '../api-types.js';
import { validateCidrPrefixLength, validateFriendlyName, validateIpv4 } from '../validate.js';
import { accountBase, ipAclJson, ipAclPath, ipAddressJson } from '../wire/representations.js';
import { apiError } from '../wire/twilio-error.js';
import { check, listResponse, missing, notFound, pageParams, stamp } from './route-helpers.js';

async function loadAcl(ctx: RouteContext, sid: string): Promise<IpAclRecord | ApiResponse> {
  const acl = await getIpAcl(ctx.store, ctx.accountSid, sid);
  return acl ?? notFound(`${ipAclPath(ctx.accountSid, sid)}.json`);
}

/** FriendlyName: required, ≤ 255 characters, unique within the account (21235). */
async function aclName(ctx: RouteContext, exceptSid?: string): Promise<string | ApiResponse> {
  const raw = ctx.request.form.get('FriendlyName');
  if (raw === null) return missing('FriendlyName');
  const name = check(validateFriendlyName(raw, ctx.limits.maxAclFriendlyNameChars), 'aclValidation');
  if (!name.ok) return name.error;
  const acls = await allIpAcls(ctx.store, ctx.accountSid);
  if (acls.some((a) => a.friendlyName === name.value && a.sid !== exceptSid)) {
    return apiError('aclValidation', `An IpAccessControlList with FriendlyName ${raw} already exists`);
  }
  return name.value;
}

export async function createIpAclRoute(ctx: RouteContext): Promise<ApiResponse> {
  const name = await aclName(ctx);
  if (typeof name !== 'string') return name;
  if ((await countIpAcls(ctx.store, ctx.accountSid)) >= ctx.limits.maxIpAclsPerAccount) {
    return apiError(
      'maxIpAcls',
      `Maximum of ${ctx.limits.maxIpAclsPerAccount} IP access control lists reached`,
    );
  }
  const now = stamp(ctx);
  const acl = {
    sid: newSid('AL', ctx.nowMs),
    accountSid: ctx.accountSid,
    friendlyName: name,
    dateCreated: now,
    dateUpdated: now,
  };
  await putIpAcl(ctx.store, acl);
  return { status: 201, body: ipAclJson(acl) };
}

export async function fetchIpAclRoute(ctx: RouteContext): Promise<ApiResponse> {
  const acl = await loadAcl(ctx, ctx.params.Sid ?? '');
  return 'sid' in acl ? { status: 200, body: ipAclJson(acl) } : acl;
}

export async function listIpAclsRoute(ctx: RouteContext): Promise<ApiResponse> {
  const params = pageParams(ctx);
  if (!params.ok) return params.error;
  const page = await listIpAcls(ctx.store, ctx.accountSid, params.value);
  const path = `${accountBase(ctx.accountSid)}/SIP/IpAccessControlLists`;
  return listResponse(path, 'ip_access_control_lists', params.value, page, ipAclJson);
}

export async function updateIpAclRoute(ctx: RouteContext): Promise<ApiResponse> {
  const acl = await loadAcl(ctx, ctx.params.Sid ?? '');
  if (!('sid' in acl)) return acl;
  const name = await aclName(ctx, acl.sid);
  if (typeof name !== 'string') return name;
  const updated = { ...acl, friendlyName: name, dateUpdated: stamp(ctx) };
  await putIpAcl(ctx.store, updated);
  return { status: 200, body: ipAclJson(updated) };
}

/** Refused while any domain maps the list (21236). */
export async function deleteIpAclRoute(ctx: RouteContext): Promise<ApiResponse> {
  const acl = await loadAcl(ctx, ctx.params.Sid ?? '');
  if (!('sid' in acl)) return acl;
  if (await isListMapped(ctx.store, acl.sid)) {
    return apiError('aclStillMapped', `IpAccessControlList ${acl.sid} is still mapped to a domain`);
  }
  await deleteIpAcl(ctx.store, ctx.accountSid, acl.sid);
  return { status: 204 };
}

async function loadAddress(ctx: RouteContext): Promise<IpAddressRecord | ApiResponse> {
  const acl = await loadAcl(ctx, ctx.params.IpAccessControlListSid ?? '');
  if (!('sid' in acl)) return acl;
  const sid = ctx.params.Sid ?? '';
  const address = await getIpAddress(ctx.store, acl.sid, sid);
  return address ?? notFound(`${ipAclPath(ctx.accountSid, acl.sid)}/IpAddresses/${sid}.json`);
}

type AddressFields = Pick<IpAddressRecord, 'friendlyName' | 'ipAddress' | 'cidrPrefixLength'>;

/** Validates create (all required but the prefix) or update (all optional) fields; rejects duplicates. */
async function addressFields(
  ctx: RouteContext,
  aclSid: string,
  current: IpAddressRecord | undefined,
): Promise<AddressFields | ApiResponse> {
  const form = ctx.request.form;
  const rawName = form.get('FriendlyName') ?? current?.friendlyName;
  const rawIp = form.get('IpAddress') ?? current?.ipAddress;
  if (rawName === undefined) return missing('FriendlyName');
  if (rawIp === undefined) return missing('IpAddress');
  const name = check(validateFriendlyName(rawName, ctx.limits.maxAclFriendlyNameChars), 'addressValidation');
  if (!name.ok) return name.error;
  const ip = check(validateIpv4(rawIp.trim()), 'addressValidation');
  if (!ip.ok) return ip.error;
  const rawPrefix = form.get('CidrPrefixLength');
  const prefix =
    rawPrefix === null && current !== undefined
      ? { ok: true as const, value: current.cidrPrefixLength }
      : check(validateCidrPrefixLength(rawPrefix), 'addressValidation');
  if (!prefix.ok) return prefix.error;
  const entries = await allIpAddresses(ctx.store, aclSid);
  const duplicate = entries.some(
    (e) => e.ipAddress === ip.value && e.cidrPrefixLength === prefix.value && e.sid !== current?.sid,
  );
  if (duplicate) return apiError('aclValidation', `${ip.value}/${prefix.value} is already in this list`);
  if (current === undefined && entries.length >= ctx.limits.maxIpAddressesPerAcl) {
    return apiError(
      'maxIpAddresses',
      `Maximum of ${ctx.limits.maxIpAddressesPerAcl} entries per list reached`,
    );
  }
  return { friendlyName: name.value, ipAddress: ip.value, cidrPrefixLength: prefix.value };
}

export async function createIpAddressRoute(ctx: RouteContext): Promise<ApiResponse> {
  const acl = await loadAcl(ctx, ctx.params.IpAccessControlListSid ?? '');
  if (!('sid' in acl)) return acl;
  const fields = await addressFields(ctx, acl.sid, undefined);
  if (!('ipAddress' in fields)) return fields;
  const now = stamp(ctx);
  const address: IpAddressRecord = {
    ...fields,
    sid: newSid('IP', ctx.nowMs),
    accountSid: ctx.accountSid,
    ipAccessControlListSid: acl.sid,
    dateCreated: now,
    dateUpdated: now,
  };
  await putIpAddress(ctx.store, address);
  return { status: 201, body: ipAddressJson(address) };
}

export async function fetchIpAddressRoute(ctx: RouteContext): Promise<ApiResponse> {
  const address = await loadAddress(ctx);
  return 'sid' in address ? { status: 200, body: ipAddressJson(address) } : address;
}

export async function listIpAddressesRoute(ctx: RouteContext): Promise<ApiResponse> {
  const acl = await loadAcl(ctx, ctx.params.IpAccessControlListSid ?? '');
  if (!('sid' in acl)) return acl;
  const params = pageParams(ctx);
  if (!params.ok) return params.error;
  const page = await listIpAddresses(ctx.store, acl.sid, params.value);
  const path = `${ipAclPath(ctx.accountSid, acl.sid)}/IpAddresses`;
  return listResponse(path, 'ip_addresses', params.value, page, ipAddressJson);
}

export async function updateIpAddressRoute(ctx: RouteContext): Promise<ApiResponse> {
  const address = await loadAddress(ctx);
  if (!('sid' in address)) return address;
  const fields = await addressFields(ctx, address.ipAccessControlListSid, address);
  if (!('ipAddress' in fields)) return fields;
  const updated = { ...address, ...fields, dateUpdated: stamp(ctx) };
  await putIpAddress(ctx.store, updated);
  return { status: 200, body: ipAddressJson(updated) };
}

export async function deleteIpAddressRoute(ctx: RouteContext): Promise<ApiResponse> {
  const address = await loadAddress(ctx);
  if (!('sid' in address)) return address;
  await deleteIpAddress(ctx.store, address.ipAccessControlListSid, address.sid);
  return { status: 204 };
}
