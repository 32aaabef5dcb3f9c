import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { constantTimeEqual } from '#functions/shared/constant-time-equal.js';
import { getAccount } from '#functions/shared/store/account-store.js';
import { isSid } from '#functions/shared/store/sid.js';
import type { StoreContext } from '#functions/shared/store/store-context.js';
import { binReply } from '#functions/shared/twiml-bin/bin-reply.js';
import { serveTwimlBin, tableBinSource } from '#functions/shared/twiml-bin/serve-bin.js';
import { type AdminLimits, DEFAULT_ADMIN_LIMITS } from './admin-limits.js';
import type { AdminDeps, ApiRequest, ApiResponse } from './api-types.js';
import { type BasicCredentials, parseBasicAuth } from './basic-auth.js';
import { resolveTarget } from './router.js';
import { apiError } from './wire/twilio-error.js';

export type AdminHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

const UNAUTHORIZED_HEADERS = { 'www-authenticate': 'Basic realm="SipEdge API"' };

function toResult(response: ApiResponse, extraHeaders: Record<string, string> = {}) {
  if (response.body === undefined) return { statusCode: response.status, headers: extraHeaders, body: '' };
  return {
    statusCode: response.status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...extraHeaders },
    body: JSON.stringify(response.body),
  };
}

function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

/** The form body, or an error for a body that is not `application/x-www-form-urlencoded`. */
function parseForm(event: APIGatewayProxyEventV2): URLSearchParams | ApiResponse {
  const raw = event.body ?? '';
  if (raw === '') return new URLSearchParams();
  const type = header(event, 'content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return apiError('invalidParameter', 'Content-Type must be application/x-www-form-urlencoded');
  }
  return new URLSearchParams(event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw);
}

/**
 * The API's external origin, for absolute URLs and signatures: the Host the client used and
 * X-Forwarded-Proto (set by API Gateway and by proxies); plain http without it (the local runtime).
 */
function requestOrigin(event: APIGatewayProxyEventV2): string {
  const forwarded = header(event, 'x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  const scheme = forwarded === 'https' ? 'https' : 'http';
  return `${scheme}://${header(event, 'host') ?? event.requestContext.domainName}`;
}

/** Basic auth with AccountSid:AuthToken for `accountSid`; undefined for anything else. */
async function authenticate(
  store: StoreContext,
  credentials: BasicCredentials | undefined,
  accountSid: string,
): Promise<string | undefined> {
  if (credentials === undefined || !isSid('AC', accountSid) || credentials.username !== accountSid) {
    return undefined;
  }
  const account = await getAccount(store, accountSid);
  return account !== undefined && constantTimeEqual(credentials.password, account.authToken)
    ? accountSid
    : undefined;
}

/**
 * The provisioning API as one API Gateway HTTP API (payload v2) handler. The local runtime calls the
 * same function from its HTTP server, so there is one code path. Deps are built once by the caller.
 */
export function createAdminHandler(deps: AdminDeps): AdminHandler {
  const limits: AdminLimits = { ...DEFAULT_ADMIN_LIMITS, ...deps.limits };
  const store = { dynamo: deps.dynamo, tableName: deps.tableName };
  const bins = tableBinSource(store);
  const notFound = (event: APIGatewayProxyEventV2) =>
    toResult(apiError('notFound', `The requested resource ${event.rawPath} was not found`));

  async function handle(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
    const method = event.requestContext.http.method.toUpperCase();
    const target = resolveTarget(method, event.rawPath);
    if (target.kind === 'notFound') return notFound(event);
    const origin = requestOrigin(event);
    const query = new URLSearchParams(event.rawQueryString ?? '');
    const form = parseForm(event);
    if (target.kind === 'twimlBin') {
      if (!(form instanceof URLSearchParams)) return toResult(form);
      const rawQuery = event.rawQueryString ?? '';
      const served = await serveTwimlBin(bins, {
        method,
        accountSid: target.accountSid,
        binSid: target.binSid,
        url: `${origin}${event.rawPath}${rawQuery === '' ? '' : `?${rawQuery}`}`,
        query,
        form,
        signature: header(event, 'x-twilio-signature'),
      });
      const reply = binReply(served);
      return { statusCode: reply.status, headers: { 'content-type': reply.contentType }, body: reply.body };
    }
    // The 2010-04-01 path names the account, which must be the authenticated one; Monitor's is implied.
    const credentials = parseBasicAuth(header(event, 'authorization'));
    const accountSid = await authenticate(
      store,
      credentials,
      target.kind === 'account' ? target.accountSid : (credentials?.username ?? ''),
    );
    if (accountSid === undefined) {
      return toResult(apiError('authenticate', 'Authenticate'), UNAUTHORIZED_HEADERS);
    }
    const route = target.route;
    if (route.kind === 'notFound') return notFound(event);
    if (route.kind === 'methodNotAllowed') {
      return toResult(apiError('methodNotAllowed', `Method ${method} not allowed on ${event.rawPath}`));
    }
    if (!(form instanceof URLSearchParams)) return toResult(form);
    const request: ApiRequest = { method, path: event.rawPath, query, form };
    const response = await route.handler({
      store,
      zone: deps.zone,
      realm: deps.realm,
      limits,
      nowMs: deps.clock(),
      accountSid,
      params: route.params,
      request,
      origin,
    });
    return toResult(response);
  }

  return async (event) => {
    try {
      return await handle(event);
    } catch (error) {
      console.error('admin API: unexpected error', error);
      return toResult(apiError('internal', 'Internal Server Error'));
    }
  };
}
