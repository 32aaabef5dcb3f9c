import type { DynamoCall } from '../shared/store/dynamo-http.js';
import type { StoreContext } from '../shared/store/store-context.js';
import type { AdminLimits } from './admin-limits.js';

export interface AdminDeps {
  readonly dynamo: DynamoCall;
  readonly tableName: string;
  /** Domains must end with `.sip.<zone>` (local default `localhost`). */
  readonly zone: string;
  /** The deployment-wide digest realm stored with every credential's HA1. */
  readonly realm: string;
  /** Epoch milliseconds. */
  readonly clock: () => number;
  readonly limits?: Partial<AdminLimits>;
}

/** A request after the transport edge: method, path, query and form body. */
export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly form: URLSearchParams;
}

export interface ApiResponse {
  readonly status: number;
  /** JSON body; absent for 204. */
  readonly body?: unknown;
}

/** What a route handler gets: the authenticated account, path parameters and resolved config. */
export interface RouteContext {
  readonly store: StoreContext;
  readonly zone: string;
  readonly realm: string;
  readonly limits: AdminLimits;
  readonly nowMs: number;
  readonly accountSid: string;
  readonly params: Readonly<Record<string, string>>;
  readonly request: ApiRequest;
}

export type RouteHandler = (ctx: RouteContext) => Promise<ApiResponse>;
