import { describe, expect, it } from 'vitest';
import { loadRegisterEnv } from '#functions/shared/env.js';

const base = {
  TABLE_NAME: 'sipedge',
  AWS_REGION: 'ap-southeast-2',
  SIPEDGE_ZONE: 'example.net',
  SIPEDGE_EDGE: 'sydney',
  NONCE_SECRET_NAME: 'sipedge/nonce-hmac-key',
};

describe('loadRegisterEnv', () => {
  it('reads the register function environment with its defaults', () => {
    expect(loadRegisterEnv(base)).toEqual({
      tableName: 'sipedge',
      region: 'ap-southeast-2',
      zone: 'example.net',
      edge: 'sydney',
      realm: 'sip.example.net',
      nonceSecretName: 'sipedge/nonce-hmac-key',
      digestAlgorithms: ['MD5'],
    });
    const custom = loadRegisterEnv({
      ...base,
      SIPEDGE_REALM: 'r.example',
      SIPEDGE_DIGEST_ALGORITHMS: 'SHA-256',
    });
    expect(custom).toMatchObject({ realm: 'r.example', digestAlgorithms: ['SHA-256'] });
  });
  it('fails fast on a missing variable, an unknown edge or an unsupported algorithm', () => {
    expect(() => loadRegisterEnv({ ...base, NONCE_SECRET_NAME: '' })).toThrow(/NONCE_SECRET_NAME/);
    expect(() => loadRegisterEnv({ ...base, SIPEDGE_EDGE: 'mars' })).toThrow(/SIPEDGE_EDGE/);
    expect(() => loadRegisterEnv({ ...base, SIPEDGE_DIGEST_ALGORITHMS: 'MD5-sess' })).toThrow(
      /SIPEDGE_DIGEST_ALGORITHMS/,
    );
  });
});
