import type { HandlerName } from '../contract/handler-events.js';
import type { SipRequest } from '../message/types.js';
import { ALLOWED_METHODS, KNOWN_METHODS } from './capabilities.js';
import type { Rejection } from './rejections.js';
import type { RequestTarget } from './request-target.js';
import type { ForwardRoute, RouteDecision } from './route-decision.js';

/** What the gateway does with a validated request that matched no transaction. */
export type Disposition =
  | { readonly kind: 'reject'; readonly rejection: Rejection }
  | { readonly kind: 'answerOptions' }
  | { readonly kind: 'invoke'; readonly handler: HandlerName }
  /** A stray ACK: never answered (RFC 3261 §17.2.3; a proxy forwards or drops it). */
  | { readonly kind: 'drop' }
  /** In transit through this gateway (its route set named it): forwarded without a handler (§16.6). */
  | ({ readonly kind: 'forward' } & ForwardRoute);

const ALLOW_HEADER = { name: 'Allow', value: ALLOWED_METHODS.join(', ') };

/**
 * What to do with a validated request that matched no transaction: a request whose route set named
 * this gateway is forwarded whatever its method (RFC 3261 §16.4, §16.12); the rest is for a domain.
 */
export function dispatchRequest(
  request: SipRequest,
  target: RequestTarget,
  route: RouteDecision = { kind: 'local' },
): Disposition {
  const { method } = request;
  if (route.kind === 'reject') return reject({ code: route.code });
  if (route.kind === 'forward') return route;
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
