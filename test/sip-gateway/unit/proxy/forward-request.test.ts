import { describe, expect, it } from 'vitest';
import { formatUri, getHeaderValues, parseUri } from '#sip/message/index.js';
import { forwardRequest, ownVia } from '#sip/proxy/forward-request.js';
import { recordRouteValues } from '#sip/proxy/record-route.js';
import { invite } from './support.js';

const via = ownVia('10.0.0.1', 5060, 'udp', 'z9hG4bKgw.1');
const plan = { recordRoute: [], pushRoutes: [], addHeaders: [], via, maxForwardsDefault: 70 };

describe('forwardRequest (RFC 3261 §16.6)', () => {
  it('MUST set the Request-URI to the target and decrement Max-Forwards (steps 2, 3)', () => {
    const target = parseUri('sip:bob@192.0.2.20:5070');
    if (!target.ok) throw new Error('uri');
    const out = forwardRequest(invite(), { ...plan, requestUri: target.value });
    expect(formatUri(out.uri)).toBe('sip:bob@192.0.2.20:5070');
    expect(out.base.maxForwards).toBe(69);
    expect(getHeaderValues(out, 'max-forwards')).toEqual(['69']);
  });

  it('MUST add Max-Forwards 70 when the request has none (step 3)', () => {
    const bare = invite();
    const without = {
      ...bare,
      headers: bare.headers.filter((h) => h.name !== 'Max-Forwards'),
      base: { ...bare.base, maxForwards: null },
    };
    expect(forwardRequest(without, plan).base.maxForwards).toBe(70);
  });

  it('MUST insert its Record-Route before existing ones and push the route set (steps 4, 6)', () => {
    const out = forwardRequest(
      invite('Record-Route: <sip:up.example.org;lr>', 'Route: <sip:next.example.org;lr>'),
      {
        ...plan,
        recordRoute: ['<sip:t@10.0.0.1:5060;transport=udp;lr;ob>'],
        pushRoutes: ['<sip:relay@10.0.0.2:5060;transport=tcp;lr>', '<sip:path.example.org;lr>'],
      },
    );
    expect(getHeaderValues(out, 'record-route')).toEqual([
      '<sip:t@10.0.0.1:5060;transport=udp;lr;ob>',
      '<sip:up.example.org;lr>',
    ]);
    expect(getHeaderValues(out, 'route')).toEqual([
      '<sip:relay@10.0.0.2:5060;transport=tcp;lr>',
      '<sip:path.example.org;lr>',
      '<sip:next.example.org;lr>',
    ]);
  });

  it('MUST insert its Via before the existing ones (step 8) and add the target headers (step 5)', () => {
    const out = forwardRequest(invite(), { ...plan, addHeaders: [{ name: 'X-Tenant', value: 'acme' }] });
    expect(out.base.via.map((v) => v.branch)).toEqual(['z9hG4bKgw.1', 'z9hG4bKcaller']);
    expect(getHeaderValues(out, 'x-tenant')).toEqual(['acme']);
  });

  it('writes <Dial callerId> as the From display name and user, keeping the tag', () => {
    const out = forwardRequest(invite(), { ...plan, callerId: '+15551230000' });
    expect(out.base.from).toMatchObject({ displayName: '+15551230000', tag: 'a1' });
    expect(formatUri(out.base.from.uri)).toBe('sip:+15551230000@example.org');
  });
});

describe('recordRouteValues (RFC 3261 §16.6 step 4, RFC 5658)', () => {
  const context = {
    secret: Buffer.alloc(32),
    advertisedAddress: '10.0.0.1',
    portFor: (p: string) => (p === 'udp' ? 5060 : 5061),
    relay: { address: '10.0.0.1', port: 5061 },
  };
  const hop = { flowId: 'f', target: null };
  it('writes one value when both sides use one transport, two (callee-facing on top) when they differ', () => {
    expect(recordRouteValues({ protocol: 'udp', hop }, { protocol: 'udp', hop }, context, null)).toEqual([
      expect.stringMatching(/^<sip:[\w-]+@10\.0\.0\.1:5060;transport=udp;lr;ob>$/),
    ]);
    const two = recordRouteValues({ protocol: 'udp', hop }, { protocol: 'tcp', hop }, context, 'c1');
    expect(two).toEqual([
      expect.stringMatching(/@10\.0\.0\.1:5061;transport=tcp;lr;ob>$/),
      expect.stringMatching(/@10\.0\.0\.1:5060;transport=udp;lr;ob>$/),
    ]);
  });
  it('writes no token on a value whose side another instance handed over (the route set leads back)', () => {
    expect(
      recordRouteValues({ protocol: 'tcp', hop: null }, { protocol: 'udp', hop }, context, null),
    ).toEqual([
      expect.stringMatching(/^<sip:[\w-]+@10\.0\.0\.1:5060;transport=udp;lr;ob>$/),
      '<sip:10.0.0.1:5061;transport=tcp;lr;ob>',
    ]);
  });
  it("names the caller's From tag on a value naming both sides, %-escaped where a URI parameter needs it", () => {
    const one = (tag: string) =>
      recordRouteValues({ protocol: 'tcp', hop }, { protocol: 'tcp', hop }, context, tag);
    expect(one('a1b2-c3')).toEqual([expect.stringMatching(/;transport=tcp;lr;ob;ftag=a1b2-c3>$/)]);
    expect(one('50%off`')).toEqual([expect.stringMatching(/;transport=tcp;lr;ob;ftag=50%25off%60>$/)]);
  });
});
