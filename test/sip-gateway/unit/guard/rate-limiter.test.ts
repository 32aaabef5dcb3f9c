import { describe, expect, it } from 'vitest';
import { KeyedRateLimiter } from '#sip/guard/rate-limiter.js';

describe('KeyedRateLimiter (Twilio 32008: 5 REGISTERs per second per AOR)', () => {
  it('MUST admit 5 requests in one second and refuse the 6th with Retry-After', () => {
    const limiter = new KeyedRateLimiter(5, 100);
    for (let i = 0; i < 5; i++) expect(limiter.tryAcquire('alice@acme', 1000 + i)).toEqual({ ok: true });
    expect(limiter.tryAcquire('alice@acme', 1005)).toEqual({ ok: false, retryAfterSec: 1 });
  });

  it('MUST count each AOR separately', () => {
    const limiter = new KeyedRateLimiter(5, 100);
    for (let i = 0; i < 5; i++) limiter.tryAcquire('alice@acme', 1000);
    expect(limiter.tryAcquire('bob@acme', 1000)).toEqual({ ok: true });
  });

  it('MUST admit again once the rate allows it', () => {
    const limiter = new KeyedRateLimiter(5, 100);
    for (let i = 0; i < 5; i++) limiter.tryAcquire('alice@acme', 1000);
    expect(limiter.tryAcquire('alice@acme', 1100).ok).toBe(false);
    expect(limiter.tryAcquire('alice@acme', 1300)).toEqual({ ok: true });
  });

  it('stays bounded in memory under many keys', () => {
    const limiter = new KeyedRateLimiter(5, 10);
    for (let i = 0; i < 1000; i++) limiter.tryAcquire(`user${i}@acme`, 1000);
    for (let i = 0; i < 5; i++) limiter.tryAcquire('user0@acme', 1000);
    // user0 was evicted long ago, so it starts with a full bucket.
    expect(limiter.tryAcquire('user0@acme', 1000).ok).toBe(false);
  });
});
