import type { AuthOutcome } from '../contract/handler-events.js';
import { getCredentials } from '../message/accessors.js';
import type { SipRequest, Uri } from '../message/types.js';
import { BruteForceGuard, type BruteForceSettings } from './brute-force-guard.js';
import { NonceCountMemory } from './nonce-count-memory.js';
import { KeyedRateLimiter } from './rate-limiter.js';

export interface RequestGuardSettings extends BruteForceSettings {
  /** Twilio's limit (warning 32008): REGISTER requests per second per AOR. */
  readonly registerRatePerAorPerSecond: number;
}

export type Admission =
  | { readonly ok: true; readonly acceptedNonceCount?: number }
  | { readonly ok: false; readonly refusal: 'authenticationBlocked' }
  | { readonly ok: false; readonly refusal: 'registrationRateExceeded'; readonly retryAfterSec: number };

/**
 * The gateway's stateful defences in front of the registrar and the router: the per-AOR REGISTER
 * rate, digest brute-force limits and nonce-count replay memory. Handlers stay stateless.
 */
export class RequestGuard {
  readonly #rate: KeyedRateLimiter;
  readonly #bruteForce: BruteForceGuard;
  readonly #nonceCounts: NonceCountMemory;

  constructor(settings: RequestGuardSettings) {
    this.#rate = new KeyedRateLimiter(settings.registerRatePerAorPerSecond, settings.maxTrackedGuardKeys);
    this.#bruteForce = new BruteForceGuard(settings);
    this.#nonceCounts = new NonceCountMemory(settings.maxTrackedGuardKeys);
  }

  admit(request: SipRequest, sourceIp: string, nowMs: number): Admission {
    const aor = guardedAor(request);
    if (this.#bruteForce.isBlocked(sourceIp, aor, nowMs)) {
      return { ok: false, refusal: 'authenticationBlocked' };
    }
    if (request.method === 'REGISTER') {
      const rate = this.#rate.tryAcquire(aor, nowMs);
      if (!rate.ok)
        return { ok: false, refusal: 'registrationRateExceeded', retryAfterSec: rate.retryAfterSec };
    }
    const nonce = credentialNonce(request);
    const acceptedNonceCount = nonce === null ? undefined : this.#nonceCounts.accepted(nonce);
    return acceptedNonceCount === undefined ? { ok: true } : { ok: true, acceptedNonceCount };
  }

  learn(request: SipRequest, sourceIp: string, result: { readonly auth?: AuthOutcome }, nowMs: number): void {
    const { auth } = result;
    if (auth === undefined) return;
    const aor = guardedAor(request);
    if (auth.outcome === 'rejected') {
      this.#bruteForce.recordFailure(sourceIp, aor, nowMs);
      return;
    }
    this.#nonceCounts.record(auth.nonce, auth.nonceCount);
    this.#bruteForce.recordSuccess(sourceIp, aor, nowMs);
  }
}

/** The AOR a request authenticates as: To for REGISTER (RFC 3261 §10.2), From for other requests. */
function guardedAor(request: SipRequest): string {
  const uri = request.method === 'REGISTER' ? request.base.to.uri : request.base.from.uri;
  return aorOf(uri);
}

function aorOf(uri: Uri): string {
  return 'host' in uri ? `${uri.user ?? ''}@${uri.host}` : uri.scheme;
}

function credentialNonce(request: SipRequest): string | null {
  const name = request.method === 'REGISTER' ? 'authorization' : 'proxy-authorization';
  const credentials = getCredentials(request, name);
  if (!credentials.ok) return null;
  for (const c of credentials.value) if (c.digest !== null) return c.digest.nonce;
  return null;
}
