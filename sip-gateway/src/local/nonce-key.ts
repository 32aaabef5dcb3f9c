import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The digest nonce HMAC key of the local runtime: kept in `<dataDir>/nonce.key` (mode 0600) so
 * nonces stay valid across restarts; a throwaway key with `--memory`.
 */
export async function ensureNonceKey(dataDir: string, memory: boolean): Promise<Uint8Array> {
  if (memory) return randomBytes(32);
  const path = join(dataDir, 'nonce.key');
  try {
    const key = Buffer.from((await readFile(path, 'utf8')).trim(), 'hex');
    if (key.length >= 32) return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32);
  await writeFile(path, key.toString('hex'), { mode: 0o600 });
  return key;
}
