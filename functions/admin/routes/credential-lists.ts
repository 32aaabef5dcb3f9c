import {
  allCredentialLists,
  countCredentials,
  createCredential,
  deleteCredential,
  deleteCredentialList,
  getCredential,
  getCredentialList,
  listCredentialLists,
  listCredentials,
  putCredentialList,
  updateCredentialDigest,
} from '#functions/shared/store/credential-store.js';
import { computeHa1 } from '#functions/shared/store/digest.js';
import { isListMapped } from '#functions/shared/store/mapping-store.js';
import type { CredentialListRecord, CredentialRecord } from '#functions/shared/store/records.js';
import { newSid } from '#functions/shared/store/sid.js';
import type { ApiResponse, RouteContext } from '../api-types.js';
import { validateFriendlyName, validatePassword, validateUsername } from '../validate.js';
import {
  accountBase,
  credentialJson,
  credentialListJson,
  credentialListPath,
} from '../wire/representations.js';
import { apiError } from '../wire/twilio-error.js';
import { check, listResponse, missing, notFound, pageParams, stamp } from './route-helpers.js';

const listsPath = (ctx: RouteContext) => `${accountBase(ctx.accountSid)}/SIP/CredentialLists`;

async function loadList(ctx: RouteContext, sid: string): Promise<CredentialListRecord | ApiResponse> {
  const list = await getCredentialList(ctx.store, ctx.accountSid, sid);
  return list ?? notFound(`${credentialListPath(ctx.accountSid, sid)}.json`);
}

/** FriendlyName: required, ≤ 64 characters, unique within the account (21240). */
async function friendlyName(ctx: RouteContext, exceptSid?: string): Promise<string | ApiResponse> {
  const raw = ctx.request.form.get('FriendlyName');
  if (raw === null) return missing('FriendlyName');
  const name = check(validateFriendlyName(raw, ctx.limits.maxFriendlyNameChars), 'credentialListValidation');
  if (!name.ok) return name.error;
  const lists = await allCredentialLists(ctx.store, ctx.accountSid);
  if (lists.some((l) => l.friendlyName === name.value && l.sid !== exceptSid)) {
    return apiError('credentialListValidation', `A CredentialList with FriendlyName ${raw} already exists`);
  }
  return name.value;
}

export async function createCredentialListRoute(ctx: RouteContext): Promise<ApiResponse> {
  const name = await friendlyName(ctx);
  if (typeof name !== 'string') return name;
  if (
    (await allCredentialLists(ctx.store, ctx.accountSid)).length >= ctx.limits.maxCredentialListsPerAccount
  ) {
    return apiError(
      'maxCredentialLists',
      `Maximum of ${ctx.limits.maxCredentialListsPerAccount} credential lists reached`,
    );
  }
  const now = stamp(ctx);
  const list = {
    sid: newSid('CL', ctx.nowMs),
    accountSid: ctx.accountSid,
    friendlyName: name,
    dateCreated: now,
    dateUpdated: now,
  };
  await putCredentialList(ctx.store, list);
  return { status: 201, body: credentialListJson(list) };
}

export async function fetchCredentialListRoute(ctx: RouteContext): Promise<ApiResponse> {
  const list = await loadList(ctx, ctx.params.Sid ?? '');
  return 'sid' in list ? { status: 200, body: credentialListJson(list) } : list;
}

export async function listCredentialListsRoute(ctx: RouteContext): Promise<ApiResponse> {
  const params = pageParams(ctx);
  if (!params.ok) return params.error;
  const page = await listCredentialLists(ctx.store, ctx.accountSid, params.value);
  return listResponse(listsPath(ctx), 'credential_lists', params.value, page, credentialListJson);
}

export async function updateCredentialListRoute(ctx: RouteContext): Promise<ApiResponse> {
  const list = await loadList(ctx, ctx.params.Sid ?? '');
  if (!('sid' in list)) return list;
  const name = await friendlyName(ctx, list.sid);
  if (typeof name !== 'string') return name;
  const updated = { ...list, friendlyName: name, dateUpdated: stamp(ctx) };
  await putCredentialList(ctx.store, updated);
  return { status: 200, body: credentialListJson(updated) };
}

/** Refused while any domain maps the list (21241). */
export async function deleteCredentialListRoute(ctx: RouteContext): Promise<ApiResponse> {
  const list = await loadList(ctx, ctx.params.Sid ?? '');
  if (!('sid' in list)) return list;
  if (await isListMapped(ctx.store, list.sid)) {
    return apiError('credentialListStillMapped', `CredentialList ${list.sid} is still mapped to a domain`);
  }
  await deleteCredentialList(ctx.store, ctx.accountSid, list.sid);
  return { status: 204 };
}

function password(ctx: RouteContext): string | ApiResponse {
  const raw = ctx.request.form.get('Password');
  if (raw === null) return missing('Password');
  const valid = check(
    validatePassword(raw, ctx.limits.minPasswordChars, ctx.limits.maxPasswordChars),
    'credentialListValidation',
  );
  return valid.ok ? valid.value : valid.error;
}

async function loadCredential(ctx: RouteContext): Promise<CredentialRecord | ApiResponse> {
  const list = await loadList(ctx, ctx.params.CredentialListSid ?? '');
  if (!('sid' in list)) return list;
  const sid = ctx.params.Sid ?? '';
  const credential = await getCredential(ctx.store, list.sid, sid);
  return credential ?? notFound(`${credentialListPath(ctx.accountSid, list.sid)}/Credentials/${sid}.json`);
}

/** Only the HA1 digests of `username:realm:password` are stored (RFC 7616 §3.4.2); never the password. */
export async function createCredentialRoute(ctx: RouteContext): Promise<ApiResponse> {
  const list = await loadList(ctx, ctx.params.CredentialListSid ?? '');
  if (!('sid' in list)) return list;
  const rawUsername = ctx.request.form.get('Username');
  if (rawUsername === null) return missing('Username');
  const username = check(
    validateUsername(rawUsername, ctx.limits.maxUsernameChars),
    'credentialListValidation',
  );
  if (!username.ok) return username.error;
  const pass = password(ctx);
  if (typeof pass !== 'string') return pass;
  if ((await countCredentials(ctx.store, list.sid)) >= ctx.limits.maxCredentialsPerList) {
    return apiError(
      'maxCredentials',
      `Maximum of ${ctx.limits.maxCredentialsPerList} credentials per list reached`,
    );
  }
  const now = stamp(ctx);
  const credential: CredentialRecord = {
    sid: newSid('CR', ctx.nowMs),
    accountSid: ctx.accountSid,
    credentialListSid: list.sid,
    username: username.value,
    dateCreated: now,
    dateUpdated: now,
  };
  const digest = { ...computeHa1(username.value, ctx.realm, pass), realm: ctx.realm };
  const created = await createCredential(ctx.store, credential, digest);
  if (!created.ok) {
    return apiError(
      'credentialListValidation',
      `Username ${username.value} already exists in this CredentialList`,
    );
  }
  return { status: 201, body: credentialJson(credential) };
}

export async function fetchCredentialRoute(ctx: RouteContext): Promise<ApiResponse> {
  const credential = await loadCredential(ctx);
  return 'sid' in credential ? { status: 200, body: credentialJson(credential) } : credential;
}

export async function listCredentialsRoute(ctx: RouteContext): Promise<ApiResponse> {
  const list = await loadList(ctx, ctx.params.CredentialListSid ?? '');
  if (!('sid' in list)) return list;
  const params = pageParams(ctx);
  if (!params.ok) return params.error;
  const page = await listCredentials(ctx.store, list.sid, params.value);
  const path = `${credentialListPath(ctx.accountSid, list.sid)}/Credentials`;
  return listResponse(path, 'credentials', params.value, page, credentialJson);
}

/** Only the password can change (reference §2.3). */
export async function updateCredentialRoute(ctx: RouteContext): Promise<ApiResponse> {
  const credential = await loadCredential(ctx);
  if (!('sid' in credential)) return credential;
  const pass = password(ctx);
  if (typeof pass !== 'string') return pass;
  const updated = { ...credential, dateUpdated: stamp(ctx) };
  await updateCredentialDigest(ctx.store, updated, {
    ...computeHa1(credential.username, ctx.realm, pass),
    realm: ctx.realm,
  });
  return { status: 200, body: credentialJson(updated) };
}

export async function deleteCredentialRoute(ctx: RouteContext): Promise<ApiResponse> {
  const credential = await loadCredential(ctx);
  if (!('sid' in credential)) return credential;
  await deleteCredential(ctx.store, credential);
  return { status: 204 };
}
