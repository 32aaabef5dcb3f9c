import { createHash } from 'node:crypto';
import { formatUri, getHeaderValues } from '../message/index.js';
import type { SipRequest, Via } from '../message/types.js';

/** RFC 3261 §8.1.1.7: branches that start with the magic cookie are unique per transaction. */
export const MAGIC_COOKIE = 'z9hG4bK';

/**
 * The loop-detection part of a branch (RFC 3261 §16.6 step 8): a hash of the fields that a looping
 * request carries back unchanged, with `receivedTopVia` being the Via that was on top when this
 * proxy received the request.
 */
export function loopHash(request: SipRequest, receivedTopVia: Via): string {
  const hash = createHash('sha1');
  for (const part of [
    request.base.to.tag ?? '',
    request.base.from.tag ?? '',
    request.base.callId,
    formatUri(request.uri),
    `${receivedTopVia.transport} ${receivedTopVia.host}:${receivedTopVia.port ?? ''};${receivedTopVia.branch ?? ''}`,
    String(request.base.cseq.seq),
    getHeaderValues(request, 'proxy-require').join(','),
    getHeaderValues(request, 'proxy-authorization').join(','),
  ]) {
    hash.update(part).update('\n');
  }
  return hash.digest('base64url').slice(0, 16);
}

/** A branch for forwarding `request` as fork number `fork` (§16.6 step 8). */
export function deriveBranch(request: SipRequest, fork: number): string {
  return `${MAGIC_COOKIE}${loopHash(request, request.base.via[0])}.${fork}`;
}
