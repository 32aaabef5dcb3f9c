import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { acceptedTwilioSignatures, twilioSignature } from '#functions/shared/twiml-bin/twilio-signature.js';

const TOKEN = '12345';

describe('X-Twilio-Signature (reference §4.2)', () => {
  it('MUST equal the official validator: URL, then names sorted, each name’s distinct values sorted', () => {
    const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
    const params = new URLSearchParams([
      ['To', '+18005551212'],
      ['CallSid', 'CA1234567890ABCDE'],
      ['Digits', '1234'],
      ['Digits', '1234'],
      ['Caller', '+14158675310'],
      ['From', '+14158675310'],
      ['Multi', 'b'],
      ['Multi', 'a'],
    ]);
    const expected = twilio.getExpectedTwilioSignature(TOKEN, url, {
      To: '+18005551212',
      CallSid: 'CA1234567890ABCDE',
      Digits: ['1234', '1234'],
      Caller: '+14158675310',
      From: '+14158675310',
      Multi: ['b', 'a'],
    });
    expect(twilioSignature(TOKEN, url, params)).toBe(expected);
  });

  it('MUST accept the URL with and without an explicit port, like Twilio’s validators', () => {
    const params = new URLSearchParams({ A: '1' });
    const sign = (url: string) => twilio.getExpectedTwilioSignature(TOKEN, url, { A: '1' });
    const accepted = acceptedTwilioSignatures(TOKEN, 'https://api.example.com/x?y=1', params);
    expect(accepted).toContain(sign('https://api.example.com/x?y=1'));
    expect(accepted).toContain(sign('https://api.example.com:443/x?y=1'));
    const local = acceptedTwilioSignatures(TOKEN, 'http://127.0.0.1:8080/x', params);
    expect(local).toContain(sign('http://127.0.0.1:8080/x'));
    expect(local).toContain(sign('http://127.0.0.1/x'));
    expect(local).not.toContain(sign('http://127.0.0.1:8081/x'));
  });
});
