import { describe, expect, it } from 'vitest';
import { toE164 } from '#functions/shared/twiml-bin/e164.js';

describe('e164 template function', () => {
  it.each([
    ['sip:+14155551212@acme.sip.localhost', '+14155551212'],
    ['sip:14155551212@acme.sip.localhost', '+14155551212'],
    ['sips:+442071234567@acme.sip.localhost:5061;transport=tls', '+442071234567'],
    ['sip:%2B14155551212@acme.sip.localhost', '+14155551212'],
    ['tel:+1-415-555-1212', '+14155551212'],
    [' +1 (415) 555-1212 ', '+14155551212'],
    ['+14155551212', '+14155551212'],
  ])('MUST extract the number of %s as %s', (input, expected) => {
    expect(toE164(input)).toBe(expected);
  });

  it.each([
    ['sip:alice@acme.sip.localhost', 'alice'],
    ['sip:1234567890123456@acme.sip.localhost', '1234567890123456'],
    ['sip:acme.sip.localhost', ''],
    ['plain words', 'plain words'],
  ])('keeps %s as its user part %j (not a number of at most 15 digits, ITU-T E.164 §6.1)', (input, expected) => {
    expect(toE164(input)).toBe(expected);
  });
});
