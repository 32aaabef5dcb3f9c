/**
 * The gateway's layers point one way: message ← parser ← transport; transaction ← proxy ← main.
 * message/ and parser/ do no I/O, so Lambda bundles can import them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../sip-gateway/src');
const IO = ['node:dgram', 'node:net', 'node:tls', 'node:http', 'node:fs', 'node:child_process'];
const FORBIDDEN: Record<string, readonly string[]> = {
  message: ['parser', 'transport', 'transaction', 'proxy', 'invoke', 'contract', 'local', ...IO],
  parser: ['transport', 'transaction', 'proxy', 'invoke', 'contract', 'local', ...IO],
  transport: ['transaction', 'proxy', 'invoke', 'contract', 'local'],
  transaction: ['transport', 'proxy', 'invoke', 'contract', 'local', ...IO],
  guard: ['transport', 'transaction', 'proxy', 'invoke', 'local', ...IO],
  proxy: ['local', ...IO],
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** The layer (top folder of src/) an import points at, or the module itself for packages. */
function target(specifier: string, file: string): string {
  const path = specifier.startsWith('#sip/')
    ? join(SRC, specifier.slice('#sip/'.length))
    : specifier.startsWith('.')
      ? resolve(dirname(file), specifier)
      : null;
  return path === null ? specifier : (relative(SRC, path).split(sep)[0] ?? '');
}

describe('sip-gateway layering', () => {
  for (const [layer, forbidden] of Object.entries(FORBIDDEN)) {
    it(`${layer}/ imports none of: ${forbidden.join(', ')}`, () => {
      const violations: string[] = [];
      for (const file of filesUnder(join(SRC, layer))) {
        for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?'([^']+)'/g)) {
          if (specifier && forbidden.includes(target(specifier, file)))
            violations.push(`${file}: ${specifier}`);
        }
      }
      expect(violations).toEqual([]);
    });
  }
});
