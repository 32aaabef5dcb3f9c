import type { BindingContact } from '#functions/shared/store/binding-store.js';

/** A stored binding with plausible defaults; tests override what they check. */
export function binding(overrides: Partial<BindingContact> = {}): BindingContact {
  return {
    contactUri: 'sip:alice@198.51.100.7:5060',
    instanceId: null,
    regId: null,
    path: [],
    transport: 'udp',
    source: { address: '198.51.100.7', port: 5060 },
    flowId: 'udp:198.51.100.7:5060',
    gatewayInstanceId: 'gw-1',
    relayAddress: '10.0.0.1:5070',
    userAgent: null,
    callId: 'call-1',
    cseq: 1,
    registeredAtMs: 0,
    expiresAtMs: 3_600_000,
    ...overrides,
  };
}
