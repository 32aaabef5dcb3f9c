import { describe, expect, it } from 'vitest';
import { bindingTarget } from '#functions/route/plan/binding-target.js';
import type { BindingContact } from '#functions/shared/store/binding-store.js';

const contact = (contactUri: string, source: string, regId: number | null = null): BindingContact => ({
  contactUri,
  instanceId: regId === null ? null : '<urn:uuid:00000000-0000-1000-8000-000a95a0e128>',
  regId,
  path: [],
  transport: 'tcp',
  source: { address: source, port: 40000 },
  flowId: 'i-1.f7',
  gatewayInstanceId: 'i-1',
  relayAddress: '10.0.0.5:5060',
  userAgent: null,
  callId: 'c',
  cseq: 1,
  registeredAtMs: 0,
  expiresAtMs: 1,
});
const none = { headers: [], credentials: null };

describe('bindingTarget', () => {
  it('RFC 5626 §5.2: MUST reach a device behind NAT (private Contact) over its registration flow', () => {
    const target = bindingTarget(
      contact('sip:bob@192.168.1.20:5060;transport=tcp', '203.0.113.7'),
      'sydney',
      none,
    );
    expect(target.flow).toEqual({
      edge: 'sydney',
      instanceId: 'i-1',
      flowId: 'i-1.f7',
      relayAddress: '10.0.0.5:5060',
    });
    expect(target.destination).toEqual({ transport: 'tcp', address: '203.0.113.7', port: 40000 });
  });

  it('RFC 5626 §5.2: MUST use the flow of a device that registered with outbound (reg-id)', () => {
    const target = bindingTarget(
      contact('sip:bob@198.51.100.9:5060;transport=tcp', '198.51.100.9', 1),
      'sydney',
      none,
    );
    expect(target.flow?.flowId).toBe('i-1.f7');
  });

  it('RFC 3261 §16.5: MUST send to the Contact of a device with a public address', () => {
    const target = bindingTarget(
      contact('sip:bob@198.51.100.9:5080;transport=tcp', '198.51.100.10'),
      'sydney',
      none,
    );
    expect(target).toEqual({ uri: 'sip:bob@198.51.100.9:5080;transport=tcp' });
  });

  it('uses the flow when the Contact names a host that cannot be resolved here', () => {
    const target = bindingTarget(
      contact('sip:bob@phone.example.com;transport=tcp', '198.51.100.10'),
      'sydney',
      none,
    );
    expect(target.flow?.flowId).toBe('i-1.f7');
  });
});
