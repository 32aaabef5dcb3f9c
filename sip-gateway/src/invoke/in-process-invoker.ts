import { type HandlerEvent, type HandlerName, isHandlerResult } from '../contract/handler-events.js';
import type { IHandlerInvoker, InvokeOutcome, InvokerLimits } from './handler-invoker.js';
import { runWithDeadline } from './run-with-deadline.js';

export type InProcessHandler = (event: unknown) => Promise<unknown>;

/**
 * Calls handlers in this process, for the local runtime and tests. Event and result make a JSON
 * round trip, exactly as they would through Lambda, so nothing unserialisable slips through.
 */
export class InProcessInvoker implements IHandlerInvoker {
  constructor(
    private readonly handlers: Partial<Record<HandlerName, InProcessHandler>>,
    private readonly limits: InvokerLimits,
  ) {}

  async invoke(event: HandlerEvent): Promise<InvokeOutcome> {
    const handler = this.handlers[event.handler];
    if (!handler) return { ok: false, failure: 'not-configured', detail: `no ${event.handler} handler` };
    const payload = JSON.stringify(event);
    return runWithDeadline(this.limits, async () => {
      let raw: unknown;
      try {
        raw = await handler(JSON.parse(payload));
      } catch (error) {
        return { ok: false, failure: 'handler-error', detail: String(error) };
      }
      const result: unknown = raw === undefined ? undefined : JSON.parse(JSON.stringify(raw));
      return isHandlerResult(result)
        ? { ok: true, result }
        : { ok: false, failure: 'bad-result', detail: 'result does not match the handler contract' };
    });
  }
}
