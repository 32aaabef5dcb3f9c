import path from 'node:path';
import { buildTestApp } from './test-app.js';

/**
 * Synthesizes the app with bundling for `stackName` only, into `outdir`, and returns the path of each
 * function's bundle (`asset.<hash>/index.mjs`, as deployed) by spec id (`AdminApi`, `Register`, …).
 */
export function synthFunctionBundles(outdir: string, stackName: string): ReadonlyMap<string, string> {
  const { app } = buildTestApp({ outdir, bundlingStacks: [stackName] });
  const resources: Record<string, { Type: string; Properties: Record<string, unknown> }> = app
    .synth()
    .getStackByName(stackName).template.Resources;
  const bundles = new Map<string, string>();
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::Lambda::Function' || resource.Properties.Handler !== 'index.handler')
      continue;
    const { S3Key } = resource.Properties.Code as { S3Key: string };
    const id = logicalId.replace(/Function[0-9A-F]{8}$/, '');
    bundles.set(id, path.join(outdir, `asset.${S3Key.replace(/\.zip$/, '')}`, 'index.mjs'));
  }
  return bundles;
}
