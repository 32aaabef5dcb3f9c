import { X509Certificate } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from 'selfsigned';

/** PEM files for a local TLS listener. */
export interface CertificateFiles {
  readonly certPath: string;
  readonly keyPath: string;
}

const CERT_FILE = 'localhost-cert.pem';
const KEY_FILE = 'localhost-key.pem';
const VALIDITY_DAYS = 365;
const DAY_MS = 86_400_000;

/**
 * A self-signed certificate for local runs and tests (CN=localhost, SAN localhost and
 * 127.0.0.1, RSA 2048, SHA-256). Generated under `dir` on first use (key file mode 0600) and
 * reused while it stays valid for at least another day after `now`.
 */
export async function ensureSelfSignedCertificate(
  dir: string,
  now: Date = new Date(),
): Promise<CertificateFiles> {
  const files = { certPath: join(dir, CERT_FILE), keyPath: join(dir, KEY_FILE) };
  if (await isReusable(files, now)) return files;
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'rsa',
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: now,
    notAfterDate: new Date(now.getTime() + VALIDITY_DAYS * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(files.keyPath, pems.private, { mode: 0o600 });
  // `mode` only applies when the file is created; an older key file keeps its own otherwise.
  await chmod(files.keyPath, 0o600);
  await writeFile(files.certPath, pems.cert, { mode: 0o644 });
  return files;
}

async function isReusable(files: CertificateFiles, now: Date): Promise<boolean> {
  try {
    const [cert] = await Promise.all([readFile(files.certPath), readFile(files.keyPath)]);
    const validTo = Date.parse(new X509Certificate(cert).validTo);
    return validTo - now.getTime() > DAY_MS;
  } catch {
    // Missing or unreadable files: generate new ones.
    return false;
  }
}
