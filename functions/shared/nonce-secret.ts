import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigError } from './errors.js';

/**
 * The nonce HMAC key shared by the gateways and the handlers: the secret string's UTF-8 bytes,
 * exactly as the gateway reads SIPEDGE_NONCE_KEY. Fetched once per cold start by each lambda.ts.
 */
export async function fetchNonceSecret(region: string, secretName: string): Promise<Uint8Array> {
  const client = new SecretsManagerClient({ region });
  try {
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretName }));
    if (out.SecretString === undefined) throw new ConfigError(`${secretName} has no SecretString`);
    return Buffer.from(out.SecretString, 'utf8');
  } finally {
    client.destroy();
  }
}
