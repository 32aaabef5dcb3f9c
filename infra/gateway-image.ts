import { readFileSync } from 'node:fs';
import path from 'node:path';
import { IgnoreMode } from 'aws-cdk-lib';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import { ContainerImage } from 'aws-cdk-lib/aws-ecs';
import { PROJECT_ROOT } from './constructs/sip-function.js';

/** Dockerfile of the gateway, relative to the build context (the repository root). */
export const GATEWAY_DOCKERFILE = 'sip-gateway/Dockerfile';

/** The build context's ignore rules: sip-gateway/.dockerignore, an allowlist relative to the repository root. */
export function gatewayDockerIgnore(): string[] {
  return readFileSync(path.join(PROJECT_ROOT, 'sip-gateway/.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** The gateway image, built (linux/arm64) and pushed by `cdk deploy`; synth only stages the context. */
export function gatewayImage(): ContainerImage {
  return ContainerImage.fromAsset(PROJECT_ROOT, {
    file: GATEWAY_DOCKERFILE,
    platform: Platform.LINUX_ARM64,
    exclude: gatewayDockerIgnore(),
    ignoreMode: IgnoreMode.DOCKER,
  });
}
