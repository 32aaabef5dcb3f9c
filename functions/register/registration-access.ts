import { err, ok, type Result } from '../shared/result.js';
import type { DomainAuthConfig } from '../shared/store/auth-directory.js';

/**
 * Twilio: a domain accepts REGISTER only with `sip_registration` on (32210) and at least one
 * credential list mapped for registrations (32212).
 */
export function checkRegistrationAccess(
  config: DomainAuthConfig,
): Result<void, 'registrationDisabled' | 'noRegistrationCredentialList'> {
  if (!config.domain.sipRegistration) return err('registrationDisabled');
  if (config.registrationCredentialListSids.length === 0) return err('noRegistrationCredentialList');
  return ok(undefined);
}
