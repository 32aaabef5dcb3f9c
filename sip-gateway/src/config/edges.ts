/** The edge catalogue: each SipEdge edge is one AWS region (Twilio's edge names). */
export const EDGES = {
  ashburn: 'us-east-1',
  umatilla: 'us-west-2',
  dublin: 'eu-west-1',
  frankfurt: 'eu-central-1',
  singapore: 'ap-southeast-1',
  tokyo: 'ap-northeast-1',
  'sao-paulo': 'sa-east-1',
  sydney: 'ap-southeast-2',
} as const;

export type EdgeName = keyof typeof EDGES;

export function isEdgeName(name: string): name is EdgeName {
  return Object.hasOwn(EDGES, name);
}

export function edgeRegion(edge: EdgeName): string {
  return EDGES[edge];
}

/**
 * `sip.<edge>.<zone>`: an edge's public entry (its NLB). Gateways of other edges reach a device
 * registered there through it; its domains are `<name>.sip.<edge>.<zone>`.
 */
export function edgeHostname(edge: string, zone: string): string {
  return `sip.${edge}.${zone}`;
}
