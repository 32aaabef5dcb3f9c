import type { SipRequestEvent } from '#sip/contract/handler-events.js';

/**
 * A `register` handler for proxy tests: answers 200 and records the flow each AOR user registered
 * over, so a test can dial the user on that flow.
 */
export function flowRegistrar(flows: Map<string, string>) {
  return async (raw: unknown): Promise<unknown> => {
    const event = raw as SipRequestEvent;
    const toUser = /^(?:To|t):[^\r]*?sip:([^@]+)@/im.exec(event.raw)?.[1] ?? '';
    flows.set(toUser, event.flowId);
    return { version: 1, action: 'respond', status: 200, reason: 'OK', headers: [] };
  };
}
