import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseDeploymentConfig, type RawDeploymentConfig } from './config.js';
import { buildSipEdge } from './sip-edge-app.js';

// The only place that reads context and environment (cdk.json "sipedge", `-c sipedge=...`, the CLI's account).
const app = new App();
const raw = (app.node.tryGetContext('sipedge') ?? {}) as RawDeploymentConfig;
const config = parseDeploymentConfig({ account: process.env.CDK_DEFAULT_ACCOUNT, ...raw });
if (!config.ok) throw new Error(config.error);

buildSipEdge(app, config.value);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
