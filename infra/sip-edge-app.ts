import type { App } from 'aws-cdk-lib';
import type { ContainerImage } from 'aws-cdk-lib/aws-ecs';
import { edgeRegion } from '#sip/config/edges.js';
import type { DeploymentConfig } from './config.js';
import {
  ADMIN_FUNCTION,
  EDGE_FUNCTIONS,
  type EdgeFunctionSpec,
  type FunctionSpec,
} from './function-specs.js';
import { gatewayImage } from './gateway-image.js';
import { AdminApiStack } from './stacks/admin-api-stack.js';
import { DataStack } from './stacks/data-stack.js';
import { EdgeStack } from './stacks/edge-stack.js';

/** Physical name of the nonce HMAC secret in every region (edge stacks import it by name). */
export const NONCE_SECRET_NAME = 'sipedge/nonce-hmac-key';

export interface SipEdgeStacks {
  readonly data: DataStack;
  readonly admin: AdminApiStack;
  readonly edges: readonly EdgeStack[];
}

export interface BuildOptions {
  /** @default ADMIN_FUNCTION */
  readonly adminFunction?: FunctionSpec;
  /** @default EDGE_FUNCTIONS */
  readonly edgeFunctions?: readonly EdgeFunctionSpec[];
  /** @default gatewayImage() */
  readonly gatewayImage?: ContainerImage;
}

/** Builds every SipEdge stack from a validated config: data + admin API in the primary region, one stack per edge. */
export function buildSipEdge(app: App, config: DeploymentConfig, options: BuildOptions = {}): SipEdgeStacks {
  const env = (region: string) => ({ account: config.account, region });
  const edgeRegions = config.edges.map(edgeRegion);
  const data = new DataStack(app, 'SipEdge-Data', {
    env: env(config.primaryRegion),
    crossRegionReferences: true,
    description: 'SipEdge: global table and shared secrets',
    replicaRegions: edgeRegions.filter((region) => region !== config.primaryRegion),
    nonceSecretName: NONCE_SECRET_NAME,
  });
  const admin = new AdminApiStack(app, 'SipEdge-Admin', {
    env: env(config.primaryRegion),
    description: 'SipEdge: control-plane API',
    table: data.table,
    zone: config.zone,
    adminFunction: options.adminFunction ?? ADMIN_FUNCTION,
    logRetentionDays: config.logRetentionDays,
  });
  const image = options.gatewayImage ?? gatewayImage();
  const edges = config.edges.map((edge) => {
    const region = edgeRegion(edge);
    const stack = new EdgeStack(app, `SipEdge-Edge-${edge}`, {
      env: env(region),
      crossRegionReferences: true,
      description: `SipEdge: edge ${edge} (${region})`,
      edge,
      zone: config.zone,
      table: data.tableIn(region),
      nonceSecretName: NONCE_SECRET_NAME,
      tlsSecretName: config.tlsSecretName,
      hostedZone: config.hostedZone,
      functions: options.edgeFunctions ?? EDGE_FUNCTIONS,
      gatewayImage: image,
      task: config.task,
      logRetentionDays: config.logRetentionDays,
    });
    stack.addStackDependency(data);
    return stack;
  });
  return { data, admin, edges };
}
