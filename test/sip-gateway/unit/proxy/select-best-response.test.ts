import { describe, expect, it } from 'vitest';
import { getHeaderValues } from '#sip/message/index.js';
import {
  aggregateChallenges,
  forwardableFinal,
  selectBestResponse,
} from '#sip/proxy/select-best-response.js';
import { invite, response } from './support.js';

const r = (status: number, ...headers: string[]) =>
  response(
    status,
    'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKx',
    'From: <sip:a@example.org>;tag=a',
    `To: <sip:b@example.org>;tag=t${status}`,
    'Call-ID: c',
    'CSeq: 1 INVITE',
    ...headers,
  );
const status = (responses: ReturnType<typeof r>[]) => selectBestResponse(responses)?.status;

describe('selectBestResponse (RFC 3261 §16.7 step 6)', () => {
  it('MUST choose a 6xx when there is one', () => expect(status([r(404), r(603), r(302)])).toBe(603));
  it('SHOULD choose from the lowest response class', () =>
    expect(status([r(500), r(404), r(302)])).toBe(302));
  it('SHOULD prefer 401, 407, 415, 420 and 484 in the 4xx class, then 486', () => {
    expect(status([r(404), r(486)])).toBe(486);
    expect(status([r(486), r(404), r(407)])).toBe(407);
    expect(status([r(480), r(404)])).toBe(480);
  });
  it('has nothing to choose without a final response', () => expect(status([])).toBeUndefined());
});

describe('aggregateChallenges (RFC 3261 §16.7 step 7)', () => {
  it('MUST add the challenges of every other 401 and 407 to the chosen one', () => {
    const a = r(401, 'WWW-Authenticate: Digest realm="a", nonce="1"');
    const b = r(407, 'Proxy-Authenticate: Digest realm="b", nonce="2"');
    const merged = aggregateChallenges(a, [a, b, r(404)]);
    expect(getHeaderValues(merged, 'www-authenticate')).toEqual(['Digest realm="a", nonce="1"']);
    expect(getHeaderValues(merged, 'proxy-authenticate')).toEqual(['Digest realm="b", nonce="2"']);
    expect(aggregateChallenges(r(404), [a, b])).toEqual(r(404));
  });
});

describe('forwardableFinal (RFC 3261 §16.7 step 6)', () => {
  it('SHOULD forward a 500 instead of a 503', () => {
    expect(forwardableFinal(r(503), invite(), 'x').status).toBe(500);
    expect(forwardableFinal(r(486), invite(), 'x').status).toBe(486);
  });
});
