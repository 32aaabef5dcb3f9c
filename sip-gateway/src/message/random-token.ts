import { randomFillSync } from 'node:crypto';

/** Random bytes come from the OS in blocks of this size, and each byte is handed out once. */
const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let used = POOL_BYTES;

/** The offset of `length` unused pool bytes, refilling the pool when it runs short. */
function take(length: number): number {
  if (length > POOL_BYTES) throw new RangeError(`at most ${POOL_BYTES} random bytes at once`);
  if (used + length > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  used += length;
  return used - length;
}

/** `length` cryptographically random bytes, copied out of the pool. */
export function randomBytesFromPool(length: number): Buffer {
  const start = take(length);
  return Buffer.from(pool.subarray(start, start + length));
}

/** A random token of `byteCount` bytes, in hex: tags (RFC 3261 §19.3: at least 32 random bits). */
export function randomHex(byteCount: number): string {
  const start = take(byteCount);
  return pool.toString('hex', start, start + byteCount);
}

/** A To or From tag with 48 random bits (RFC 3261 §19.3 asks for at least 32). */
export function newTag(): string {
  return randomHex(6);
}
