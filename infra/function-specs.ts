import type { HandlerName } from '#sip/contract/handler-events.js';

/** The item-level DynamoDB actions a function may be granted; table-level actions are never granted. */
export type TableAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:Query'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:BatchWriteItem'
  | 'dynamodb:ConditionCheckItem';

/** One Lambda function of SipEdge: what to bundle and exactly what it may touch. */
export interface FunctionSpec {
  /** Construct id (part of the logical ids): never rename a deployed one. */
  readonly id: string;
  /** Handler source, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  /** The only table actions granted (on the table and its indexes in the function's region). */
  readonly tableActions: readonly TableAction[];
  /** Grants read of the shared nonce HMAC secret and passes its name as NONCE_SECRET_NAME. */
  readonly readsNonceKey: boolean;
  readonly timeoutSec: number;
  readonly memoryMiB: number;
}

/** A function the gateway of each edge invokes for one handler of the contract. */
export interface EdgeFunctionSpec extends FunctionSpec {
  /** The handler it implements; the gateway gets its name as SIPEDGE_<HANDLER>_FUNCTION. */
  readonly handler: HandlerName;
}

/** The control-plane API behind API Gateway in the primary region. */
export const ADMIN_FUNCTION: FunctionSpec = {
  id: 'AdminApi',
  entry: 'functions/admin/handler.ts',
  tableActions: [
    'dynamodb:GetItem',
    'dynamodb:Query',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
  ],
  readsNonceKey: false,
  timeoutSec: 10,
  memoryMiB: 512,
};

/**
 * The handler functions deployed in every edge, one entry each. Only functions whose source exists are
 * listed: `register` (functions/registration) and `route` (functions/routing) join this list when they land.
 */
export const EDGE_FUNCTIONS: readonly EdgeFunctionSpec[] = [];

/** Gateway env variable holding the name of the function for `handler`. */
export function functionNameEnvVar(handler: HandlerName): string {
  return `SIPEDGE_${handler.toUpperCase()}_FUNCTION`;
}
