import type { HandlerEvent, HandlerResult } from '#sip/contract/handler-events.js';
import { SipEdgeFunctionError } from '../shared/errors.js';
import { handleFlowClosed } from './handle-flow-closed.js';
import { handleRegister } from './handle-register.js';
import type { RegisterDeps } from './register-deps.js';

export type { RegisterDeps } from './register-deps.js';

/**
 * The registrar (RFC 3261 §10.3, RFC 5626, Twilio SIP Registration): one invocation handles one
 * REGISTER completely, or removes the bindings of a closed flow.
 */
export function createRegisterHandler(deps: RegisterDeps): (event: HandlerEvent) => Promise<HandlerResult> {
  return async (event) => {
    switch (event.type) {
      case 'sip-request':
        return handleRegister(deps, event);
      case 'flow-closed':
        return handleFlowClosed(deps, event);
      default:
        throw new SipEdgeFunctionError(`the registrar does not handle ${event.type} events`);
    }
  };
}
