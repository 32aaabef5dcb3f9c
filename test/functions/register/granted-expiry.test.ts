import { describe, expect, it } from 'vitest';
import { grantedExpirySec } from '#functions/register/granted-expiry.js';
import { REGISTRAR_DEFAULTS } from '#functions/register/registrar-settings.js';

const grant = (contact: number | null, header: number | null) =>
  grantedExpirySec(contact, header, REGISTRAR_DEFAULTS);

describe('grantedExpirySec (RFC 3261 §10.3 step 7, Twilio 600..3600 s)', () => {
  it('takes the Contact expires param over the Expires header, and that over the 3600 s default', () => {
    expect(grant(900, 1200)).toEqual({ ok: true, value: 900 });
    expect(grant(null, 1200)).toEqual({ ok: true, value: 1200 });
    expect(grant(null, null)).toEqual({ ok: true, value: 3600 });
  });
  it('MUST answer 423 to 0 < expiry < 600', () => {
    for (const e of [1, 599]) expect(grant(e, null)).toEqual({ ok: false, error: 'intervalTooBrief' });
    expect(grant(null, 599)).toEqual({ ok: false, error: 'intervalTooBrief' });
    expect(grant(600, null)).toEqual({ ok: true, value: 600 });
  });
  it('MUST shorten an expiry above 3600 s to 3600 s', () => {
    expect(grant(7200, null)).toEqual({ ok: true, value: 3600 });
    expect(grant(null, 2 ** 32 - 1)).toEqual({ ok: true, value: 3600 });
  });
  it('treats 0 as removal, also when the header gives another value', () => {
    expect(grant(0, 1200)).toEqual({ ok: true, value: 0 });
    expect(grant(null, 0)).toEqual({ ok: true, value: 0 });
  });
});
