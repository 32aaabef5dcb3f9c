import { type AuthParams, formatAuthParams } from '#sip/message/headers/auth-params.js';
import type { DigestSettings } from './digest-settings.js';
import { mintNonce } from './nonce.js';
import { opaqueFor } from './opaque.js';

/** Challenge params written as tokens (RFC 7616 §3.3); the others, qop-options included, are quoted. */
const TOKEN_PARAMS: ReadonlySet<string> = new Set(['stale', 'algorithm']);

/**
 * WWW-Authenticate / Proxy-Authenticate values, one per algorithm in settings order (RFC 7616 §3.7,
 * RFC 8760 §2.3: the client picks the first it supports), sharing one fresh nonce.
 */
export function buildChallenges(
  settings: DigestSettings,
  nowMs: number,
  sourceIp: string,
  stale: boolean,
): readonly string[] {
  const common: AuthParams = [
    ['realm', settings.realm],
    ['nonce', mintNonce(settings.secret, nowMs, sourceIp)],
    ['opaque', opaqueFor(settings.secret, settings.realm)],
    ...(stale ? ([['stale', 'true']] as const) : []),
  ];
  return settings.algorithms.map(
    (algorithm) =>
      `Digest ${formatAuthParams([...common, ['algorithm', algorithm], ['qop', 'auth']], TOKEN_PARAMS)}`,
  );
}
