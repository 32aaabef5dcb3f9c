import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  type DeploymentConfig,
  parseDeploymentConfig,
  type RawDeploymentConfig,
} from '../../../infra/config.js';
import type { EdgeFunctionSpec } from '../../../infra/function-specs.js';
import { buildSipEdge, type SipEdgeStacks } from '../../../infra/sip-edge-app.js';

/** The config of cdk.json with a fixed account, so templates are deterministic. */
export const TEST_CONTEXT: RawDeploymentConfig = {
  account: '111111111111',
  primaryRegion: 'us-east-1',
  edges: ['ashburn', 'sydney'],
  zone: 'voice.example.com',
};

/** Stand-in edge functions (the real ones do not exist yet): one reads the nonce key, one does not. */
export const TEST_EDGE_FUNCTIONS: readonly EdgeFunctionSpec[] = [
  {
    handler: 'register',
    id: 'Register',
    entry: 'test/infra/fixtures/echo-handler.ts',
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
    readsNonceKey: true,
    timeoutSec: 5,
    memoryMiB: 512,
  },
  {
    handler: 'route',
    id: 'Route',
    entry: 'test/infra/fixtures/echo-handler.ts',
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query'],
    readsNonceKey: false,
    timeoutSec: 10,
    memoryMiB: 512,
  },
];

export function testConfig(overrides: RawDeploymentConfig = {}): DeploymentConfig {
  const config = parseDeploymentConfig({ ...TEST_CONTEXT, ...overrides });
  if (!config.ok) throw new Error(config.error);
  return config.value;
}

/** Builds the whole app without bundling (unless `bundlingStacks` says which stacks to bundle). */
export function buildTestApp(
  options: { overrides?: RawDeploymentConfig; outdir?: string; bundlingStacks?: string[] } = {},
): { app: App; stacks: SipEdgeStacks } {
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    context: { 'aws:cdk:bundling-stacks': options.bundlingStacks ?? [] },
  });
  const stacks = buildSipEdge(app, testConfig(options.overrides), { edgeFunctions: TEST_EDGE_FUNCTIONS });
  return { app, stacks };
}

/** Synthesizes the app once and returns every stack's template by stack name. */
export function synthTemplates(app: App): ReadonlyMap<string, Template> {
  const assembly = app.synth();
  return new Map(assembly.stacks.map((stack) => [stack.stackName, Template.fromJSON(stack.template)]));
}

export function templateOf(templates: ReadonlyMap<string, Template>, stackName: string): Template {
  const template = templates.get(stackName);
  if (!template) throw new Error(`no stack ${stackName}; have ${[...templates.keys()].join(', ')}`);
  return template;
}
