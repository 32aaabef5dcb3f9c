import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { newCallSid } from '#functions/route/webhook/call-sid.js';
import { sipHeaderParams } from '#functions/route/webhook/sip-header-params.js';
import { twilioSignature as signWith } from '#functions/shared/twiml-bin/twilio-signature.js';

const twilioSignature = (token: string, url: string, params: Record<string, string>) =>
  signWith(token, url, new URLSearchParams(params));

import { type VoiceRequestInput, voiceRequestParams } from '#functions/route/webhook/voice-request-params.js';
import { isSid } from '#functions/shared/store/sid.js';
import { INVITE } from './invite-fixture.js';

const input: VoiceRequestInput = {
  accountSid: 'AC0123456789abcdef0123456789abcdef',
  callSid: 'CAfedcba9876543210fedcba9876543210',
  domain: { sid: 'SD0123456789abcdef0123456789abcdef', name: 'acme.sip.example.com' },
  invite: INVITE,
  sourceIp: '198.51.100.7',
  sipUsername: 'alice',
};

describe('voice URL request parameters (reference §4.1)', () => {
  it('MUST send exactly the SIP Domain voice parameters', () => {
    expect(voiceRequestParams(input)).toEqual({
      AccountSid: 'AC0123456789abcdef0123456789abcdef',
      ApiVersion: '2010-04-01',
      CallSid: 'CAfedcba9876543210fedcba9876543210',
      CallStatus: 'ringing',
      Direction: 'inbound',
      From: 'sip:alice@acme.sip.example.com',
      To: 'sip:+14155550100@acme.sip.example.com',
      Caller: 'sip:alice@acme.sip.example.com',
      Called: 'sip:+14155550100@acme.sip.example.com',
      SipDomain: 'acme.sip.example.com',
      SipDomainSid: 'SD0123456789abcdef0123456789abcdef',
      SipCallId: 'a84b4c76e66710@198.51.100.7',
      SipSourceIp: '198.51.100.7',
      SipUsername: 'alice',
      'SipHeader_X-Route-Id': 'route-7',
      'SipHeader_User-to-User': '123456789;encoding=hex',
      'SipHeader_x-lower-case': 'kept as written',
    });
  });

  it('MUST omit SipUsername when digest authentication was not used', () => {
    expect(voiceRequestParams({ ...input, sipUsername: null })).not.toHaveProperty('SipUsername');
  });

  it('MUST pass X- headers and User-to-User as SipHeader_<name>, and no other header', () => {
    const params = sipHeaderParams(INVITE.headers);
    expect(Object.keys(params)).toEqual([
      'SipHeader_X-Route-Id',
      'SipHeader_User-to-User',
      'SipHeader_x-lower-case',
    ]);
  });

  it('joins a repeated header into one parameter (RFC 3261 §7.3.1), whatever the case of its name', () => {
    const headers = [
      { name: 'X-Tag', value: 'a' },
      { name: 'x-tag', value: 'b' },
    ];
    expect(sipHeaderParams(headers)).toEqual({ 'SipHeader_X-Tag': 'a,b' });
  });

  it('MUST pass only X- headers as DialSipHeader_* on the <Dial> action (no UUI, reference §5.2)', () => {
    expect(sipHeaderParams(INVITE.headers, 'DialSipHeader_')).toEqual({
      'DialSipHeader_X-Route-Id': 'route-7',
      'DialSipHeader_x-lower-case': 'kept as written',
    });
  });
});

describe('call SID', () => {
  it('is CA + 32 hex digits, unique', () => {
    const a = newCallSid(1_700_000_000_000);
    expect(isSid('CA', a)).toBe(true);
    expect(newCallSid(1_700_000_000_000)).not.toBe(a);
  });
});

describe('X-Twilio-Signature (reference §4.2)', () => {
  const token = '12345678901234567890123456789012';
  const url = 'https://hooks.example.com/voice?site=1';
  const params = voiceRequestParams(input);

  it('MUST equal the signature the official twilio library expects', () => {
    expect(twilioSignature(token, url, params)).toBe(twilio.getExpectedTwilioSignature(token, url, params));
    expect(twilio.validateRequest(token, twilioSignature(token, url, params), url, params)).toBe(true);
  });

  it('MUST depend on the auth token, the URL and every parameter', () => {
    const signature = twilioSignature(token, url, params);
    expect(twilioSignature(`${token}x`, url, params)).not.toBe(signature);
    expect(twilioSignature(token, `${url}2`, params)).not.toBe(signature);
    expect(twilioSignature(token, url, { ...params, CallStatus: 'completed' })).not.toBe(signature);
  });
});
