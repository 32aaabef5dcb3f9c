import type { InvokeOutcome, InvokerLimits } from './handler-invoker.js';

/**
 * Runs `attempt` until it succeeds, fails for good, or the deadline passes. Only `unavailable`
 * failures are retried. The attempt receives an AbortSignal that fires at the deadline.
 */
export async function runWithDeadline(
  limits: InvokerLimits,
  attempt: (signal: AbortSignal) => Promise<InvokeOutcome>,
): Promise<InvokeOutcome> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<InvokeOutcome>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ ok: false, failure: 'timeout', detail: `no result within ${limits.timeoutMs} ms` });
    }, limits.timeoutMs);
  });
  const attempts = (async (): Promise<InvokeOutcome> => {
    let outcome: InvokeOutcome = { ok: false, failure: 'unavailable', detail: 'not attempted' };
    for (let i = 0; i <= limits.retries && !controller.signal.aborted; i++) {
      outcome = await attempt(controller.signal).catch(
        (error: unknown): InvokeOutcome => ({ ok: false, failure: 'unavailable', detail: String(error) }),
      );
      if (outcome.ok || outcome.failure !== 'unavailable') break;
    }
    return outcome;
  })();
  try {
    return await Promise.race([attempts, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
