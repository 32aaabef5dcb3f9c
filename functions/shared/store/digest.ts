import { createHash } from 'node:crypto';

export interface Ha1Digests {
  readonly ha1Md5: string;
  readonly ha1Sha256: string;
}

/** HA1 = H(username ":" realm ":" password), RFC 8760 §2 / RFC 7616 §3.4.2, for MD5 and SHA-256. */
export function computeHa1(username: string, realm: string, password: string): Ha1Digests {
  const input = `${username}:${realm}:${password}`;
  return {
    ha1Md5: createHash('md5').update(input, 'utf8').digest('hex'),
    ha1Sha256: createHash('sha256').update(input, 'utf8').digest('hex'),
  };
}
