import type { HandlerEvent } from '../contract/handler-events.js';
import type { IHandlerInvoker, InvokeOutcome } from '../invoke/handler-invoker.js';
import type { Clock } from '../transaction/clock.js';
import type { MetricsRecorder } from './gateway-metrics.js';

/** An invoker that reports the time from invoke to outcome of every call, failures and timeouts included. */
export function meteredInvoker(
  inner: IHandlerInvoker,
  metrics: Pick<MetricsRecorder, 'handlerLatency'>,
  clock: Pick<Clock, 'now'>,
): IHandlerInvoker {
  return {
    async invoke(event: HandlerEvent): Promise<InvokeOutcome> {
      const startedMs = clock.now();
      try {
        return await inner.invoke(event);
      } finally {
        metrics.handlerLatency(event.handler, clock.now() - startedMs);
      }
    },
  };
}
