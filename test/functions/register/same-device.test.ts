import { describe, expect, it } from 'vitest';
import { type DeviceIdentity, deviceOf, isSameDevice } from '#functions/register/same-device.js';
import { parseUri } from '#sip/message/uri/parse-uri.js';
import { binding } from './binding-fixtures.js';

const device = (
  uri: string,
  instanceId: string | null = null,
  regId: number | null = null,
): DeviceIdentity => {
  const parsed = parseUri(uri);
  if (!parsed.ok) throw new Error(parsed.error);
  return { uri: parsed.value, instanceId, regId };
};
const INSTANCE = '<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>';

describe('isSameDevice (RFC 5626 §6, RFC 3261 §10.3 step 7)', () => {
  it('MUST match the same +sip.instance and reg-id whatever the contact URI', () => {
    expect(
      isSameDevice(device('sip:a@192.0.2.1', INSTANCE, 1), device('sip:a@192.0.2.99:7', INSTANCE, 1)),
    ).toBe(true);
  });
  it('MUST keep another reg-id (another flow) or another instance apart, even with the same URI', () => {
    expect(isSameDevice(device('sip:a@192.0.2.1', INSTANCE, 1), device('sip:a@192.0.2.1', INSTANCE, 2))).toBe(
      false,
    );
    expect(
      isSameDevice(device('sip:a@192.0.2.1', INSTANCE, 1), device('sip:a@192.0.2.1', '<urn:x>', 1)),
    ).toBe(false);
  });
  it('MUST compare contact URIs by RFC 3261 §19.1.4 otherwise', () => {
    expect(isSameDevice(device('sip:a@192.0.2.1;x=1;y=2'), device('sip:a@192.0.2.1;y=2;x=1'))).toBe(true);
    expect(isSameDevice(device('sip:a@192.0.2.1', INSTANCE, null), device('sip:a@192.0.2.1'))).toBe(true);
    expect(isSameDevice(device('sip:a@192.0.2.1'), device('sip:a@192.0.2.1:5060'))).toBe(false);
    expect(isSameDevice(device('sip:A@192.0.2.1'), device('sip:a@192.0.2.1'))).toBe(false);
    expect(isSameDevice(device('sip:a@192.0.2.1;transport=tcp'), device('sip:a@192.0.2.1'))).toBe(false);
  });
  it('reads the identity of a stored binding', () => {
    const stored = binding({ contactUri: 'sip:a@192.0.2.1;ob', instanceId: INSTANCE, regId: 1 });
    expect(isSameDevice(deviceOf(stored), device('sip:a@192.0.2.5', INSTANCE, 1))).toBe(true);
  });
});
