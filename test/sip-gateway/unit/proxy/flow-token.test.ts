import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeFlowToken, encodeFlowToken, type FlowToken } from '#sip/proxy/flow-token.js';

const secret = Buffer.alloc(32, 9);
const token: FlowToken = {
  owner: { address: '10.0.1.5', port: 5060 },
  hops: [
    { flowId: 'gw-a.f12', target: { protocol: 'tcp', address: '192.0.2.5', port: 50_123 } },
    { flowId: null, target: { protocol: 'udp', address: '2001:db8::1', port: 5060 } },
  ],
};

/** A token as an attacker would write it: the same layout, MAC'd with the key they have. */
function minted(payload: unknown, key: Uint8Array): string {
  const bytes = Buffer.from(JSON.stringify(payload), 'utf8');
  const mac = createHmac('sha256', key).update('sipedge-flow-token\0').update(bytes).digest().subarray(0, 16);
  return Buffer.concat([bytes, mac]).toString('base64url');
}

describe('flow tokens (RFC 5626 §5.3)', () => {
  it('round-trips the owning instance and the hops it names, as a URI user part (base64url)', () => {
    const text = encodeFlowToken(secret, token);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeFlowToken(secret, text)).toEqual({ ok: true, value: token });
  });

  it('names the owner as an IPv6 relay address too', () => {
    const v6: FlowToken = {
      owner: { address: 'fd00::5', port: 5060 },
      hops: [{ flowId: 'gw-b.f1', target: null }],
    };
    expect(decodeFlowToken(secret, encodeFlowToken(secret, v6))).toEqual({ ok: true, value: v6 });
  });

  it('stays compact: a Record-Route token naming two flows and the owner is under 160 characters', () => {
    expect(encodeFlowToken(secret, token).length).toBeLessThan(160);
  });

  it('MUST refuse a token whose MAC does not verify: altered, truncated or keyed by another secret (RFC 5626 §5.3)', () => {
    const text = encodeFlowToken(secret, token);
    const bytes = Buffer.from(text, 'base64url');
    bytes[3] = (bytes[3] ?? 0) ^ 1;
    expect(decodeFlowToken(secret, bytes.toString('base64url')).ok).toBe(false);
    expect(decodeFlowToken(secret, text.slice(0, 10)).ok).toBe(false);
    expect(decodeFlowToken(Buffer.alloc(32, 8), text).ok).toBe(false);
    expect(decodeFlowToken(secret, 'alice').ok).toBe(false);
    expect(decodeFlowToken(secret, 'not+base64').ok).toBe(false);
  });

  it('MUST refuse a token naming another owner than the one it was MACed with (RFC 5626 §5.3: no open relay)', () => {
    const text = encodeFlowToken(secret, token);
    const payload = Buffer.from(text, 'base64url');
    const body = payload.subarray(0, payload.length - 16).toString('utf8');
    const forged = Buffer.concat([
      Buffer.from(body.replace('10.0.1.5:5060', '203.0.113.66:5060'), 'utf8'),
      payload.subarray(payload.length - 16),
    ]).toString('base64url');
    expect(decodeFlowToken(secret, forged).ok).toBe(false);
    const hops = [['gw-a.f12', null, null, null]];
    expect(decodeFlowToken(secret, minted(['203.0.113.66:5060', ...hops], Buffer.alloc(32, 1))).ok).toBe(
      false,
    );
  });

  it('refuses a verified token without an owner address or without hops', () => {
    const hop = ['gw-a.f12', null, null, null];
    expect(decodeFlowToken(secret, minted([hop], secret)).ok).toBe(false);
    expect(decodeFlowToken(secret, minted(['sip.sydney.example.com:5060', hop], secret)).ok).toBe(false);
    expect(decodeFlowToken(secret, minted(['10.0.1.5:5060'], secret)).ok).toBe(false);
  });
});
