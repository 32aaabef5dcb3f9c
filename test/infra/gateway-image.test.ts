import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/constructs/sip-function.js';
import { GATEWAY_DOCKERFILE, gatewayDockerIgnore } from '../../infra/gateway-image.js';

const dockerfile = readFileSync(path.join(PROJECT_ROOT, GATEWAY_DOCKERFILE), 'utf8');
/** Sources of the COPY steps that read the build context (not `--from=` another stage). */
const contextCopies = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) =>
  (m[1] ?? '').split(' '),
);

describe('gateway image', () => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'sipedge-gateway-bundle-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('builds on Node 22 in two stages and runs the bundle as a non-root user', () => {
    expect(dockerfile.match(/^FROM \S+node:22\S* AS \w+$/gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["node", "\/app\/gateway\.mjs"\]$/m);
  });

  it('copies only files that exist and that the ignore allowlist lets into the context', () => {
    const allowed = gatewayDockerIgnore()
      .filter((rule) => rule.startsWith('!'))
      .map((rule) => rule.slice(1));
    expect(contextCopies.length).toBeGreaterThan(0);
    for (const source of contextCopies) {
      expect(existsSync(path.join(PROJECT_ROOT, source)), source).toBe(true);
      expect(
        allowed.some((rule) => source === rule || source.startsWith(`${rule}/`)),
        source,
      ).toBe(true);
    }
  });

  it('bundles with sip-gateway/build.ts into one importable ESM file, aliases and dependencies inlined', async () => {
    const outfile = path.join(outdir, 'gateway.mjs');
    // main.ts (the production entry) is the lead's; the invoker exercises #sip aliases and the AWS SDK.
    execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'sip-gateway/build.ts',
        '--entry',
        'sip-gateway/src/invoke/lambda-invoker.ts',
        '--outfile',
        outfile,
      ],
      { cwd: PROJECT_ROOT, stdio: 'pipe' },
    );
    const bundle = await import(pathToFileURL(outfile).href);
    expect(typeof bundle.LambdaInvoker).toBe('function');
    expect(readFileSync(outfile, 'utf8')).not.toMatch(/from ['"]@aws-sdk\//);
  });
});
