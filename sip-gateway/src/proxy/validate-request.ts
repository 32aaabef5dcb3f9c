import { getHeaderValues } from '../message/index.js';
import type { SipRequest, Via } from '../message/types.js';
import { loopHash, MAGIC_COOKIE } from './derive-branch.js';
import type { Rejection } from './rejections.js';
import type { RequestTarget } from './request-target.js';

export interface ValidationContext {
  readonly target: RequestTarget;
  /** True when a Via's sent-by names this gateway. */
  readonly isOwnVia: (via: Via) => boolean;
  /** Option tags this gateway implements (Proxy-Require and, where it is the UAS, Require). */
  readonly supportedOptionTags: ReadonlySet<string>;
}

/** Methods this gateway answers itself rather than forwarding (it is their UAS). */
const ANSWERED_LOCALLY = new Set(['OPTIONS', 'REGISTER']);

/**
 * Request validation, RFC 3261 §16.3, plus the UAS checks of §8.2.2 for the requests the gateway
 * answers itself. Returns the first rejection, or null when the request may proceed.
 */
export function validateRequest(request: SipRequest, context: ValidationContext): Rejection | null {
  // §8.2.2 / §21.5.20: only SIP/2.0 is understood.
  if (request.version.toUpperCase() !== 'SIP/2.0') return { code: 'versionNotSupported' };
  // §16.3 step 2: URI scheme check.
  if (request.uri.scheme !== 'sip' && request.uri.scheme !== 'sips') return { code: 'unsupportedUriScheme' };
  // §16.3 step 3: Max-Forwards; an OPTIONS for this element may still be answered (§11).
  const answersItself = context.target.kind !== 'foreign' && ANSWERED_LOCALLY.has(request.method);
  if (request.base.maxForwards === 0 && !(answersItself && request.method === 'OPTIONS')) {
    return { code: 'tooManyHops' };
  }
  // §16.3 step 4: loop detection.
  if (isLooping(request, context.isOwnVia)) return { code: 'loopDetected' };
  // §16.3 step 5: Proxy-Require; §8.2.2.3: Require, where this element is the UAS.
  const required = getHeaderValues(request, 'proxy-require');
  if (answersItself) required.push(...getHeaderValues(request, 'require'));
  const unsupported = required.filter((tag) => !context.supportedOptionTags.has(tag.toLowerCase()));
  if (unsupported.length > 0) {
    return { code: 'badExtension', headers: [{ name: 'Unsupported', value: unsupported.join(', ') }] };
  }
  return null;
}

/**
 * §16.3 step 4: a Via naming this element whose branch carries the loop hash this request would
 * get now means the request came back unchanged: a loop, not a spiral.
 */
function isLooping(request: SipRequest, isOwnVia: (via: Via) => boolean): boolean {
  const vias = request.base.via;
  for (let i = 0; i < vias.length - 1; i++) {
    const via = vias[i];
    const below = vias[i + 1];
    if (!via || !below || !isOwnVia(via) || !via.branch?.startsWith(MAGIC_COOKIE)) continue;
    if (via.branch.startsWith(`${MAGIC_COOKIE}${loopHash(request, below)}.`)) return true;
  }
  return false;
}
