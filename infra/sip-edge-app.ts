import type { App } from 'aws-cdk-lib';
import { edgeRegion } from '#sip/config/edges.js';
import type { DeploymentConfig } from './config.js';
import { ADMIN_FUNCTION, EDGE_FUNCTIONS } from './function-specs.js';
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

/** Builds every SipEdge stack from a validated config: data + admin API in the primary region, one stack per edge. */
export function buildSipEdge(app: App, config: DeploymentConfig): SipEdgeStacks {
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
    crossRegionReferences: true,
    description: 'SipEdge: control-plane API',
    table: data.table,
    zone: config.zone,
    adminFunction: ADMIN_FUNCTION,
    logRetentionDays: config.logRetentionDays,
    alarmEmail: config.alarmEmail,
  });
  const image = gatewayImage();
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
      functions: EDGE_FUNCTIONS,
      apiOrigin: admin.api.apiEndpoint,
      gatewayImage: image,
      task: config.task,
      logRetentionDays: config.logRetentionDays,
      alarmEmail: config.alarmEmail,
    });
    stack.addStackDependency(data);
    return stack;
  });
  return { data, admin, edges };
}
