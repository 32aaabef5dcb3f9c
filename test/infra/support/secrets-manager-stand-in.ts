import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One GetSecretValue call the stand-in answered. */
export interface SecretRequest {
  readonly secretId: string;
}

export interface SecretsManagerStandIn {
  /** For `AWS_ENDPOINT_URL_SECRETS_MANAGER`, the SDK's standard endpoint override. */
  readonly endpoint: string;
  readonly requests: readonly SecretRequest[];
  close(): Promise<void>;
}

/**
 * The Secrets Manager GetSecretValue API (AWS JSON 1.1 over HTTP) on an ephemeral loopback port, serving
 * `secrets` by name: the functions' own SDK client runs unchanged against it.
 */
export async function startSecretsManagerStandIn(
  secrets: Readonly<Record<string, string>>,
): Promise<SecretsManagerStandIn> {
  const requests: SecretRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const reply = (status: number, body: object) =>
        res.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.1' }).end(JSON.stringify(body));
      if (req.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue') {
        reply(400, {
          __type: 'InvalidRequestException',
          message: `unsupported ${req.headers['x-amz-target']}`,
        });
        return;
      }
      const { SecretId: secretId } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        SecretId: string;
      };
      requests.push({ secretId });
      const value = secrets[secretId];
      if (value === undefined) {
        reply(400, { __type: 'ResourceNotFoundException', message: `no secret ${secretId}` });
        return;
      }
      reply(200, {
        ARN: `arn:aws:secretsmanager:us-east-1:111111111111:secret:${secretId}-AbCdEf`,
        Name: secretId,
        VersionId: '00000000-0000-0000-0000-000000000001',
        SecretString: value,
        VersionStages: ['AWSCURRENT'],
        CreatedDate: 0,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
