import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigError } from '../shared/errors.js';

/** The nonce HMAC key: the secret string's UTF-8 bytes, exactly as the gateways use it. */
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
