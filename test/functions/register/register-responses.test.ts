import { describe, expect, it } from 'vitest';
import { REGISTER_ERRORS, type RegisterErrorCode } from '#functions/register/register-errors.js';
import { registerRejection } from '#functions/register/register-responses.js';
import { REGISTRAR_DEFAULTS } from '#functions/register/registrar-settings.js';

describe('register rejections (one error table)', () => {
  it('MUST carry X-SipEdge-Error "<Twilio code> <text>" on every rejection Twilio gives a code', () => {
    for (const code of Object.keys(REGISTER_ERRORS) as RegisterErrorCode[]) {
      const { twilio } = REGISTER_ERRORS[code];
      const result = registerRejection(code, REGISTRAR_DEFAULTS);
      const header = result.headers.filter((h) => h.name === 'X-SipEdge-Error').map((h) => h.value);
      expect(header).toEqual(twilio === null ? [] : [`${twilio.code} ${twilio.text}`]);
      expect(result.status).toBeGreaterThanOrEqual(400);
    }
  });
  it('MUST send Min-Expires with 423 (RFC 3261 §10.3 step 7) and Retry-After with 500', () => {
    const settings = { ...REGISTRAR_DEFAULTS, minExpiresSec: 900, retryAfterSec: 3 };
    expect(registerRejection('intervalTooBrief', settings).headers).toEqual([
      { name: 'Min-Expires', value: '900' },
    ]);
    expect(registerRejection('writeConflict', settings)).toMatchObject({
      status: 500,
      headers: [{ name: 'Retry-After', value: '3' }],
    });
  });
  it('uses Twilio’s codes for domain, auth and limit rejections', () => {
    const codes = Object.fromEntries(
      Object.entries(REGISTER_ERRORS).map(([code, e]) => [code, e.twilio === null ? null : e.twilio.code]),
    );
    expect(codes).toMatchObject({
      unknownDomain: 32002,
      registrationDisabled: 32210,
      noRegistrationCredentialList: 32212,
      usernameMismatch: 32106,
      credentialsRejected: 32202,
      tooManyBindings: 32007,
    });
  });
});
