import type { HandlerName } from '../contract/handler-events.js';
import type { SipRequest } from '../message/types.js';
import { ALLOWED_METHODS, KNOWN_METHODS } from './capabilities.js';
import type { Rejection } from './rejections.js';
import type { RequestTarget } from './request-target.js';

/** What the gateway does with a validated request that matched no transaction. */
export type Disposition =
  | { readonly kind: 'reject'; readonly rejection: Rejection }
  | { readonly kind: 'answerOptions' }
  | { readonly kind: 'invoke'; readonly handler: HandlerName }
  /** A stray ACK: never answered (RFC 3261 §17.2.3; a proxy forwards or drops it). */
  | { readonly kind: 'drop' };

const ALLOW_HEADER = { name: 'Allow', value: ALLOWED_METHODS.join(', ') };

export function dispatchRequest(request: SipRequest, target: RequestTarget): Disposition {
  const { method } = request;
  if (method === 'ACK') return { kind: 'drop' };
  // §8.2.1: a method the element does not recognise gets 501.
  if (!KNOWN_METHODS.has(method)) return reject({ code: 'methodNotImplemented' });
  if (target.kind === 'foreign') return reject({ code: 'notFound' });
  // A CANCEL that matched no INVITE, or a request inside a dialog this gateway does not hold (§9.2, §12.2.2).
  if (method === 'CANCEL' || method === 'BYE' || request.base.to.tag !== null) {
    return reject({ code: 'transactionDoesNotExist' });
  }
  switch (method) {
    case 'OPTIONS':
      return { kind: 'answerOptions' };
    case 'REGISTER':
      return { kind: 'invoke', handler: 'register' };
    case 'INVITE':
      return { kind: 'invoke', handler: 'route' };
    default:
      // §8.2.1: a known method this element does not accept gets 405 with Allow.
      return reject({ code: 'methodNotAllowed', headers: [ALLOW_HEADER] });
  }
}

function reject(rejection: Rejection): Disposition {
  return { kind: 'reject', rejection };
}
