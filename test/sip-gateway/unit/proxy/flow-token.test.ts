import { describe, expect, it } from 'vitest';
import { decodeFlowToken, encodeFlowToken, type FlowHop } from '#sip/proxy/flow-token.js';

const secret = Buffer.alloc(32, 9);
const hops: FlowHop[] = [
  { flowId: 'gw-a.f12', target: { protocol: 'tcp', address: '192.0.2.5', port: 50_123 } },
  { flowId: null, target: { protocol: 'udp', address: '2001:db8::1', port: 5060 } },
];

describe('flow tokens (RFC 5626 §5.3)', () => {
  it('round-trips the hops it names, as a URI user part (base64url)', () => {
    const token = encodeFlowToken(secret, hops);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeFlowToken(secret, token)).toEqual({ ok: true, value: hops });
  });

  it('MUST refuse a token whose MAC does not verify: altered, truncated or keyed by another secret', () => {
    const token = encodeFlowToken(secret, hops);
    const bytes = Buffer.from(token, 'base64url');
    bytes[3] = (bytes[3] ?? 0) ^ 1;
    expect(decodeFlowToken(secret, bytes.toString('base64url')).ok).toBe(false);
    expect(decodeFlowToken(secret, token.slice(0, 10)).ok).toBe(false);
    expect(decodeFlowToken(Buffer.alloc(32, 8), token).ok).toBe(false);
    expect(decodeFlowToken(secret, 'alice').ok).toBe(false);
    expect(decodeFlowToken(secret, 'not+base64').ok).toBe(false);
  });

  it('names a flow without an endpoint (a relay to another instance)', () => {
    const token = encodeFlowToken(secret, [{ flowId: 'gw-b.f1', target: null }]);
    expect(decodeFlowToken(secret, token)).toEqual({
      ok: true,
      value: [{ flowId: 'gw-b.f1', target: null }],
    });
  });
});
