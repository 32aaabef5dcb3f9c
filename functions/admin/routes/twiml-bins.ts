import { err, ok, type Result } from '#functions/shared/result.js';
import { newSid } from '#functions/shared/store/sid.js';
import {
  deleteTwimlBin,
  getTwimlBin,
  listTwimlBins,
  putTwimlBin,
  type TwimlBinRecord,
} from '#functions/shared/store/twiml-bin-store.js';
import { parseTemplate } from '#functions/shared/twiml-bin/render-template.js';
import type { ApiResponse } from '../api-types.js';
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
