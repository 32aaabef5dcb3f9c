import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SigningKeyCache, signPost } from '#functions/shared/store/sigv4.js';

/** The AWS SDK's signer on the same request: the reference the fast signer must equal. */
async function sdkHeaders(
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  nowMs: number,
  target: string,
  payload: string,
) {
  // The DynamoDB client signs without x-amz-content-sha256, like the fast signer.
  const signer = new SignatureV4({
    service: 'dynamodb',
    region: 'eu-west-1',
    sha256: Sha256,
    credentials,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: 'https:',
      hostname: 'dynamodb.eu-west-1.amazonaws.com',
      path: '/',
      headers: {
        host: 'dynamodb.eu-west-1.amazonaws.com',
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': target,
      },
      body: payload,
    },
    { signingDate: new Date(nowMs) },
  );
  return signed.headers;
}

function ourHeaders(
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  nowMs: number,
  target: string,
  payload: string,
  keys = new SigningKeyCache(),
) {
  return signPost(
    {
      host: 'dynamodb.eu-west-1.amazonaws.com',
      region: 'eu-west-1',
      service: 'dynamodb',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target },
      payload,
      nowMs,
    },
    credentials,
    keys,
  );
}

describe('SigV4 for DynamoDB JSON requests', () => {
  it('MUST produce the Authorization header of the AWS SDK signer (SigV4), with and without a session token', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 20 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.option(fc.string({ minLength: 1, maxLength: 60 }), { nil: undefined }),
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }),
        fc.constantFrom('DynamoDB_20120810.PutItem', 'DynamoDB_20120810.Query'),
        fc.json(),
        async (accessKeyId, secretAccessKey, sessionToken, nowMs, target, payload) => {
          const credentials = { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
          const ours = ourHeaders(credentials, Math.floor(nowMs / 1000) * 1000, target, payload);
          const sdk = await sdkHeaders(credentials, Math.floor(nowMs / 1000) * 1000, target, payload);
          expect(ours.authorization).toBe(sdk.authorization);
          expect(ours['x-amz-date']).toBe(sdk['x-amz-date']);
          expect(ours['x-amz-security-token']).toBe(sdk['x-amz-security-token']);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('MUST derive a new signing key when the day or the credentials change', async () => {
    const keys = new SigningKeyCache();
    const day1 = Date.UTC(2026, 10, 21, 23, 59, 59);
    const day2 = Date.UTC(2026, 10, 22, 0, 0, 1);
    const first = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'one' };
    const rotated = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'two' };
    for (const [credentials, nowMs] of [
      [first, day1],
      [first, day2],
      [rotated, day2],
    ] as const) {
      const ours = ourHeaders(credentials, nowMs, 'DynamoDB_20120810.GetItem', '{}', keys);
      const sdk = await sdkHeaders(credentials, nowMs, 'DynamoDB_20120810.GetItem', '{}');
      expect(ours.authorization).toBe(sdk.authorization);
    }
  });
});
