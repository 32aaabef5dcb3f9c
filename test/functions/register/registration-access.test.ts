import { describe, expect, it } from 'vitest';
import { checkRegistrationAccess } from '#functions/register/registration-access.js';
import type { DomainAuthConfig } from '#functions/shared/store/auth-directory.js';
import type { DomainRecord } from '#functions/shared/store/records.js';

const config = (sipRegistration: boolean, lists: string[]): DomainAuthConfig => ({
  domain: { sipRegistration } as DomainRecord,
  callsCredentialListSids: ['CLcalls'],
  callsIpAclSids: [],
  registrationCredentialListSids: lists,
});

describe('checkRegistrationAccess (Twilio 32210, 32212)', () => {
  it('MUST refuse a domain with sip_registration off (32210)', () => {
    expect(checkRegistrationAccess(config(false, ['CL1']))).toEqual({
      ok: false,
      error: 'registrationDisabled',
    });
  });
  it('MUST refuse a domain without a credential list mapped for registrations (32212)', () => {
    expect(checkRegistrationAccess(config(true, []))).toEqual({
      ok: false,
      error: 'noRegistrationCredentialList',
    });
  });
  it('allows an enabled domain with a registration list', () => {
    expect(checkRegistrationAccess(config(true, ['CL1'])).ok).toBe(true);
  });
});
