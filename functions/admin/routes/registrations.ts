import { listDomainBindings } from '#functions/shared/store/binding-store.js';
import type { ApiResponse, RouteContext } from '../api-types.js';
import { pageEnvelope } from '../wire/page-envelope.js';
import { domainPath, registrationsJson } from '../wire/representations.js';
import { apiError } from '../wire/twilio-error.js';
import { loadDomain } from './domains.js';
import { pageParams } from './route-helpers.js';

/**
 * SipEdge extension: a domain's active registrations, one row per contact. PageSize counts
 * (AOR, edge) binding items, so a page may hold up to 10 rows per item (RFC 3261 §10.3 bindings).
 */
export async function listRegistrationsRoute(ctx: RouteContext): Promise<ApiResponse> {
  const domain = await loadDomain(ctx);
  if (!('sid' in domain)) return domain;
  const params = pageParams(ctx);
  if (!params.ok) return params.error;
  const page = await listDomainBindings(ctx.store, domain.sid, params.value, ctx.nowMs);
  if (!page.ok) return apiError('invalidParameter', 'PageToken is invalid');
  const rows = page.value.records.flatMap((binding) => registrationsJson(binding, ctx.nowMs));
  const path = `${domainPath(ctx.accountSid, domain.sid)}/Registrations`;
  return {
    status: 200,
    body: pageEnvelope(path, 'registrations', rows, params.value, page.value.nextPageToken),
  };
}
