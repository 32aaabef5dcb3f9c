/**
 * An in-process route handler for proxy tests: each test registers what an INVITE to one user
 * gets (a ProxyResult or a response) and what a call-progress event gets; every event is recorded.
 */
import type {
  CallProgressEvent,
  HandlerResult,
  ProxyResult,
  ProxyTarget,
  SipRequestEvent,
} from '#sip/contract/handler-events.js';

type Answer<E> = (event: E) => HandlerResult;

export class RoutePlans {
  readonly requests: SipRequestEvent[] = [];
  readonly progress: CallProgressEvent[] = [];
  readonly #plans = new Map<string, Answer<SipRequestEvent>>();
  readonly #progressPlans = new Map<string, Answer<CallProgressEvent>>();

  /** The `route` handler to give the gateway. */
  readonly handler = async (raw: unknown): Promise<unknown> => {
    const event = raw as SipRequestEvent | CallProgressEvent;
    if (event.type === 'call-progress') {
      this.progress.push(event);
      return this.#progressPlans.get(event.continuation)?.(event) ?? { version: 1, action: 'done' };
    }
    this.requests.push(event);
    const user = /^sips?:([^@]+)@/.exec(event.requestUri)?.[1] ?? '';
    const plan = this.#plans.get(user);
    if (plan === undefined)
      return { version: 1, action: 'respond', status: 404, reason: 'Not Found', headers: [] };
    return plan(event);
  };

  /** INVITEs to `user` get `answer`; call-progress events of continuation `user` get `onProgress`. */
  on(user: string, answer: Answer<SipRequestEvent>, onProgress?: Answer<CallProgressEvent>): void {
    this.#plans.set(user, answer);
    if (onProgress) this.#progressPlans.set(user, onProgress);
  }

  /** Route-handler invocations for INVITEs to `user`. */
  invitesTo(user: string): number {
    return this.requests.filter((e) => e.requestUri.startsWith(`sip:${user}@`)).length;
  }

  /** Waits for the next call-progress event of `continuation` (polling; integration tests only). */
  async progressOf(continuation: string, count = 1): Promise<CallProgressEvent[]> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const events = this.progress.filter((e) => e.continuation === continuation);
      if (events.length >= count) return events;
      if (Date.now() > deadline) throw new Error(`no call-progress for ${continuation}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** A `<Dial>` to `targets`, its continuation named after the user it serves. */
export function dial(
  continuation: string,
  targets: ProxyTarget[],
  extra: Partial<ProxyResult> = {},
): ProxyResult {
  return {
    version: 1,
    action: 'proxy',
    callSid: `CA${continuation}`,
    targets,
    timeoutSec: 30,
    timeLimitSec: 14_400,
    continuation,
    ...extra,
  };
}
