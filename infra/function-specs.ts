import { GATEWAY_CONFIG_DEFAULTS } from '#sip/config/gateway-config.js';
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

/** The only action meaningful on a global secondary index. */
export type IndexAction = 'dynamodb:Query';

/** One Lambda function of SipEdge: what to bundle and exactly what it may touch. */
export interface FunctionSpec {
  /** Construct id (part of the logical ids): never rename a deployed one. */
  readonly id: string;
  /** Handler source, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  /** The only actions granted on the table in the function's region. */
  readonly tableActions: readonly TableAction[];
  /** The only actions granted on the table's named indexes; empty when the code reads no index. */
  readonly indexActions: readonly IndexAction[];
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
  // Lists calls, alerts and registrations newest first, and counts list mappings, by gsi1.
  indexActions: ['dynamodb:Query'],
  readsNonceKey: false,
  timeoutSec: 10,
  memoryMiB: 512,
};

/**
 * The handler functions deployed in every edge, one entry each. The actions are those the bundled code
 * sends (test/infra/function-grants.test.ts derives them from each bundle and compares).
 */
export const EDGE_FUNCTIONS: readonly EdgeFunctionSpec[] = [
  {
    handler: 'register',
    id: 'Register',
    entry: 'functions/register/lambda.ts',
    // GetItem: domain-name claim and domain (getDomainByName), username digest (getStoredDigest).
    // Query: the domain's mappings (allDomainMappings) and the AOR's bindings (readAorBindings).
    // PutItem, DeleteItem: this edge's binding item, conditional on its version (writeEdgeBindings).
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
    indexActions: [],
    readsNonceKey: true,
    timeoutSec: 5,
    memoryMiB: 256,
  },
  {
    handler: 'route',
    id: 'Route',
    entry: 'functions/route/lambda.ts',
    // GetItem: domain-name claim and domain, username digest, the account (its auth token signs
    // webhooks, getAccount), the call after a refused conditional status update (updateCallStatus).
    // Query: the domain's mappings, IP ACL entries (allIpAddresses), a dialled AOR's bindings.
    // PutItem: call records (createCallRecord) and alerts (recordAlert).
    // UpdateItem: call status (updateCallStatus). No index is read: gsi1 keys are only written.
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    indexActions: [],
    readsNonceKey: true,
    // The gateway waits handlerTimeoutMs for a route invocation: a voice URL (15 s) then its fallback (15 s).
    timeoutSec: GATEWAY_CONFIG_DEFAULTS.handlerTimeoutMs / 1000,
    memoryMiB: 256,
  },
];

/** Gateway env variable holding the name of the function for `handler`. */
export function functionNameEnvVar(handler: HandlerName): string {
  return `SIPEDGE_${handler.toUpperCase()}_FUNCTION`;
}
