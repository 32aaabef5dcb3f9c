import { err, ok, type Result } from '#functions/shared/result.js';
import { getAccount } from '#functions/shared/store/account-store.js';
import { newSid } from '#functions/shared/store/sid.js';
import type { StoreContext } from '#functions/shared/store/store-context.js';
import {
  deleteTwimlBin,
  getTwimlBin,
  listTwimlBins,
  putTwimlBin,
  type TwimlBinRecord,
} from '#functions/shared/store/twiml-bin-store.js';
import { parseTemplate, renderTemplate } from '#functions/shared/twiml-bin/render-template.js';
import { acceptedTwilioSignatures } from '#functions/shared/twiml-bin/twilio-signature.js';
import type { ApiResponse } from '../api-types.js';
import { constantTimeEqual } from '../basic-auth.js';
import type { OriginRouteContext } from '../router.js';
import { validateFriendlyName } from '../validate.js';
import { twimlBinJson, twimlBinsPath } from '../wire/twiml-bin-representation.js';
import { check, listResponse, missing, notFound, pageParams, stamp } from './route-helpers.js';

async function loadBin(ctx: OriginRouteContext): Promise<TwimlBinRecord | ApiResponse> {
  const sid = ctx.params.Sid ?? '';
  const bin = await getTwimlBin(ctx.store, ctx.accountSid, sid);
  return bin ?? notFound(`${twimlBinsPath(ctx.accountSid)}/${sid}.json`);
}

/** `FriendlyName` (≤ 64 characters) and `Twiml` (a template of ≤ 4000 characters), each optional on update. */
function binFields(
  ctx: OriginRouteContext,
  current: TwimlBinRecord | undefined,
): Result<Pick<TwimlBinRecord, 'friendlyName' | 'twiml'>, ApiResponse> {
  const rawName = ctx.request.form.get('FriendlyName') ?? current?.friendlyName;
  const twiml = ctx.request.form.get('Twiml') ?? current?.twiml;
  if (rawName === undefined) return err(missing('FriendlyName'));
  if (twiml === undefined) return err(missing('Twiml'));
  const name = check(validateFriendlyName(rawName, ctx.limits.maxFriendlyNameChars), 'invalidParameter');
  if (!name.ok) return name;
  const template = check(parseTemplate(twiml), 'invalidParameter');
  if (!template.ok) return template;
  return ok({ friendlyName: name.value, twiml });
}

export async function createTwimlBinRoute(ctx: OriginRouteContext): Promise<ApiResponse> {
  const fields = binFields(ctx, undefined);
  if (!fields.ok) return fields.error;
  const now = stamp(ctx);
  const bin: TwimlBinRecord = {
    ...fields.value,
    sid: newSid('EH', ctx.nowMs),
    accountSid: ctx.accountSid,
    dateCreated: now,
    dateUpdated: now,
  };
  await putTwimlBin(ctx.store, bin);
  return { status: 201, body: twimlBinJson(bin, ctx.origin) };
}

export async function fetchTwimlBinRoute(ctx: OriginRouteContext): Promise<ApiResponse> {
  const bin = await loadBin(ctx);
  return 'sid' in bin ? { status: 200, body: twimlBinJson(bin, ctx.origin) } : bin;
}

export async function listTwimlBinsRoute(ctx: OriginRouteContext): Promise<ApiResponse> {
  const params = pageParams(ctx);
  if (!params.ok) return params.error;
  const page = await listTwimlBins(ctx.store, ctx.accountSid, params.value);
  return listResponse(twimlBinsPath(ctx.accountSid), 'twiml_bins', params.value, page, (bin) =>
    twimlBinJson(bin, ctx.origin),
  );
}

export async function updateTwimlBinRoute(ctx: OriginRouteContext): Promise<ApiResponse> {
  const bin = await loadBin(ctx);
  if (!('sid' in bin)) return bin;
  const fields = binFields(ctx, bin);
  if (!fields.ok) return fields.error;
  const updated = { ...bin, ...fields.value, dateUpdated: stamp(ctx) };
  await putTwimlBin(ctx.store, updated);
  return { status: 200, body: twimlBinJson(updated, ctx.origin) };
}

export async function deleteTwimlBinRoute(ctx: OriginRouteContext): Promise<ApiResponse> {
  const bin = await loadBin(ctx);
  if (!('sid' in bin)) return bin;
  await deleteTwimlBin(ctx.store, ctx.accountSid, bin.sid);
  return { status: 204 };
}

/** A request for a bin's TwiML, as the admin handler received it. */
export interface TwimlBinFetch {
  readonly method: string;
  readonly accountSid: string;
  readonly binSid: string;
  /** The full URL requested (origin, path and query string): what the signature covers. */
  readonly url: string;
  readonly query: URLSearchParams;
  readonly form: URLSearchParams;
  readonly signature: string | undefined;
}

export type TwimlBinFailure = 'forbidden' | 'notFound' | 'methodNotAllowed' | 'renderFailed';

/** Every way serving a bin fails, with its HTTP status. */
export const TWIML_BIN_FAILURE_STATUS = {
  forbidden: 403,
  notFound: 404,
  methodNotAllowed: 405,
  renderFailed: 500,
} as const satisfies Record<TwimlBinFailure, number>;

/**
 * Serves a bin: no Basic auth, but a valid `X-Twilio-Signature` made with the account's auth token
 * (reference §4.2: POST parameters signed after the URL; a GET signs the URL and its query alone).
 * The signature is checked before the bin is looked up, so unsigned requests learn nothing.
 * The template sees the query parameters, then the form body's.
 */
export async function serveTwimlBin(
  store: StoreContext,
  request: TwimlBinFetch,
): Promise<Result<string, { readonly failure: TwimlBinFailure; readonly message: string }>> {
  if (request.method !== 'GET' && request.method !== 'POST') {
    return err({ failure: 'methodNotAllowed', message: 'TwiML Bins answer GET and POST' });
  }
  const account = await getAccount(store, request.accountSid);
  // Only a POST's body is signed, so only a POST's body reaches the template.
  const form = request.method === 'POST' ? request.form : new URLSearchParams();
  const valid =
    account !== undefined &&
    request.signature !== undefined &&
    acceptedTwilioSignatures(account.authToken, request.url, form).some((expected) =>
      constantTimeEqual(request.signature ?? '', expected),
    );
  if (!valid) return err({ failure: 'forbidden', message: 'X-Twilio-Signature is missing or invalid' });
  const bin = await getTwimlBin(store, request.accountSid, request.binSid);
  if (bin === undefined)
    return err({ failure: 'notFound', message: `TwiML Bin ${request.binSid} not found` });
  const params = new URLSearchParams(request.query);
  for (const [name, value] of form) params.append(name, value);
  const rendered = renderTemplate(bin.twiml, params);
  return rendered.ok ? rendered : err({ failure: 'renderFailed', message: rendered.error });
}
