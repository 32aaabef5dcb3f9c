import { describe, expect, it } from 'vitest';
import { BruteForceGuard } from '#sip/guard/brute-force-guard.js';

const settings = {
  authFailureWindowMs: 60_000,
  maxAuthFailuresPerSource: 5,
  maxAuthFailuresPerAor: 8,
  authBlockMs: 300_000,
  trustedSourceTtlMs: 86_400_000,
  maxTrackedGuardKeys: 1000,
};

describe('BruteForceGuard', () => {
  it('MUST block a source after too many failures, for the block time only', () => {
    const guard = new BruteForceGuard(settings);
    for (let i = 0; i < 5; i++) guard.recordFailure('203.0.113.9', `u${i}@acme`, 1000);
    expect(guard.isBlocked('203.0.113.9', 'other@acme', 2000)).toBe(true);
    expect(guard.isBlocked('198.51.100.1', 'other@acme', 2000)).toBe(false);
    expect(guard.isBlocked('203.0.113.9', 'other@acme', 1000 + 300_000)).toBe(false);
  });

  it('MUST NOT block a source whose failures are spread over separate windows', () => {
    const guard = new BruteForceGuard(settings);
    for (let i = 0; i < 8; i++) guard.recordFailure('203.0.113.9', 'alice@acme', i * 61_000);
    expect(guard.isBlocked('203.0.113.9', 'alice@acme', 8 * 61_000)).toBe(false);
  });

  it('MUST lock an AOR attacked from many sources, but not for a device that authenticated before', () => {
    const guard = new BruteForceGuard(settings);
    guard.recordSuccess('192.0.2.10', 'alice@acme', 500);
    for (let i = 0; i < 8; i++) guard.recordFailure(`203.0.113.${i}`, 'alice@acme', 1000);
    expect(guard.isBlocked('203.0.113.200', 'alice@acme', 2000)).toBe(true);
    expect(guard.isBlocked('192.0.2.10', 'alice@acme', 2000)).toBe(false);
    expect(guard.isBlocked('203.0.113.200', 'bob@acme', 2000)).toBe(false);
  });
});
