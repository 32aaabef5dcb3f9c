import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  type DeploymentConfig,
  parseDeploymentConfig,
  type RawDeploymentConfig,
} from '../../../infra/config.js';
import { buildSipEdge, type SipEdgeStacks } from '../../../infra/sip-edge-app.js';

/** The config of cdk.json with a fixed account, so templates are deterministic. */
export const TEST_CONTEXT: RawDeploymentConfig = {
  account: '111111111111',
  primaryRegion: 'us-east-1',
  edges: ['ashburn', 'sydney'],
  zone: 'voice.example.com',
};

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
  const stacks = buildSipEdge(app, testConfig(options.overrides));
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
