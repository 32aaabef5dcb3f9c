import type { AuthOutcome, HeaderField, SipRequestEvent } from '#sip/contract/handler-events.js';
import { getHeaderValues } from '#sip/message/accessors.js';
import type { SipRequest } from '#sip/message/types.js';
import { authenticateDigest, selectCredentials } from '../../shared/digest/authenticate.js';
import { err, ok, type Result } from '../../shared/result.js';
import type { DomainAuthConfig } from '../../shared/store/auth-directory.js';
import type { RouteDeps } from '../route-deps.js';
import type { AdmissionErrorCode } from './admission-errors.js';

/** Who the caller proved to be. */
export interface Admission {
  /** The digest username (the webhook's SipUsername); null when the IP ACL alone admitted the call. */
  readonly sipUsername: string | null;
  readonly auth?: AuthOutcome;
}

export interface AdmissionFailure {
  readonly code: AdmissionErrorCode;
  /** Proxy-Authenticate challenges. */
  readonly headers?: readonly HeaderField[];
  readonly auth?: AuthOutcome;
}

const REJECTED: AuthOutcome = { outcome: 'rejected' };

/**
 * Twilio's call authentication (reference §3): a domain needs an IP ACL or a credential list mapped
 * for calls; with both, both apply. The source address must match the ACL (32201); credentials are
 * challenged with 407 (RFC 3261 §22.3) and a wrong password or unknown user earns the same 407.
 */
export async function admitInvite(
  deps: RouteDeps,
  config: DomainAuthConfig,
  request: SipRequest,
  event: SipRequestEvent,
): Promise<Result<Admission, AdmissionFailure>> {
  const aclMapped = config.callsIpAclSids.length > 0;
  const credentialsMapped = config.callsCredentialListSids.length > 0;
  if (!aclMapped && !credentialsMapped) return err({ code: 'noCallAuthentication' });
  if (aclMapped && !(await deps.directory.isIpAllowed(config, event.source.address)))
    return err({ code: 'ipNotAllowed' });
  if (!credentialsMapped) return ok({ sipUsername: null });

  const verdict = await authenticateDigest(
    deps.digest,
    {
      method: request.method,
      credentials: selectCredentials(getHeaderValues(request, 'proxy-authorization'), deps.digest.realm),
      sourceIp: event.source.address,
      nowMs: deps.now(),
      acceptedNonceCount: event.acceptedNonceCount,
    },
    (username) => deps.directory.credentialDigest(config, 'calls', username),
  );
  if (verdict.kind === 'challenge') {
    const headers = verdict.challenges.map((value) => ({ name: 'Proxy-Authenticate', value }));
    return err(
      verdict.rejected
        ? { code: 'credentialsRejected', headers, auth: REJECTED }
        : { code: 'authenticationRequired', headers },
    );
  }
  return ok({
    sipUsername: verdict.username,
    auth: { outcome: 'accepted', nonce: verdict.nonce, nonceCount: verdict.nonceCount },
  });
}
