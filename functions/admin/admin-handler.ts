import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { getAccount } from '#functions/shared/store/account-store.js';
import { isSid } from '#functions/shared/store/sid.js';
import { type AdminLimits, DEFAULT_ADMIN_LIMITS } from './admin-limits.js';
import type { AdminDeps, ApiRequest, ApiResponse } from './api-types.js';
import { constantTimeEqual, parseBasicAuth } from './basic-auth.js';
import { matchRoute } from './router.js';
import { API_VERSION } from './wire/representations.js';
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
 * The provisioning API as one API Gateway HTTP API (payload v2) handler. The local runtime calls the
 * same function from its HTTP server, so there is one code path. Deps are built once by the caller.
 */
export function createAdminHandler(deps: AdminDeps): AdminHandler {
  const limits: AdminLimits = { ...DEFAULT_ADMIN_LIMITS, ...deps.limits };
  const store = { doc: deps.doc, tableName: deps.tableName };

  async function handle(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
    const method = event.requestContext.http.method.toUpperCase();
    const segments = event.rawPath.split('/');
    const [empty, version, accounts, accountSid = '', ...rest] = segments;
    const last = rest.at(-1);
    if (
      empty !== '' ||
      version !== API_VERSION ||
      accounts !== 'Accounts' ||
      last?.endsWith('.json') !== true
    ) {
      return toResult(apiError('notFound', `The requested resource ${event.rawPath} was not found`));
    }
    // Basic auth with AccountSid:AuthToken; the path's account must be the authenticated one.
    const credentials = parseBasicAuth(header(event, 'authorization'));
    const account =
      credentials !== undefined && isSid('AC', accountSid) && credentials.username === accountSid
        ? await getAccount(store, accountSid)
        : undefined;
    if (
      credentials === undefined ||
      account === undefined ||
      !constantTimeEqual(credentials.password, account.authToken)
    ) {
      return toResult(apiError('authenticate', 'Authenticate'), UNAUTHORIZED_HEADERS);
    }
    const route = matchRoute(method, [...rest.slice(0, -1), last.slice(0, -'.json'.length)]);
    if (route.kind === 'notFound') {
      return toResult(apiError('notFound', `The requested resource ${event.rawPath} was not found`));
    }
    if (route.kind === 'methodNotAllowed') {
      return toResult(apiError('methodNotAllowed', `Method ${method} not allowed on ${event.rawPath}`));
    }
    const form = parseForm(event);
    if (!(form instanceof URLSearchParams)) return toResult(form);
    const request: ApiRequest = {
      method,
      path: event.rawPath,
      query: new URLSearchParams(event.rawQueryString ?? ''),
      form,
    };
    const response = await route.handler({
      store,
      zone: deps.zone,
      realm: deps.realm,
      limits,
      nowMs: deps.clock(),
      accountSid,
      params: route.params,
      request,
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
