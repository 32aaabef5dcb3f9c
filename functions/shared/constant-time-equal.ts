import { createHash, timingSafeEqual } from 'node:crypto';

/** Constant-time string equality: compares fixed-length digests so length does not leak either. */
export function constantTimeEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}
