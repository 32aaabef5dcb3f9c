/**
 * Bundles the gateway for its container image: one ESM file with every dependency inlined, so the runtime
 * image ships no node_modules. Usage: `tsx sip-gateway/build.ts [--entry <file>] [--outfile <file>]`.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    entry: { type: 'string', default: path.join(root, 'sip-gateway/src/main.ts') },
    outfile: { type: 'string', default: path.join(root, 'sip-gateway/dist/gateway.mjs') },
  },
});

const result = await build({
  entryPoints: [values.entry],
  outfile: values.outfile,
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  sourcemap: true,
  minify: false,
  legalComments: 'linked',
  // CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __sipedgeRequire } from 'node:module'; const require = __sipedgeRequire(import.meta.url);",
  },
  logLevel: 'warning',
  metafile: true,
});
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
process.stdout.write(
  `bundled ${path.relative(root, values.entry)} → ${path.relative(root, values.outfile)} (${bytes} bytes)\n`,
);
