import { describe, expect, it } from 'vitest';
import {
  HANDLER_CONTRACT_VERSION,
  type HandlerEvent,
  type HandlerName,
} from '#sip/contract/handler-events.js';
import type { IHandlerInvoker, InvokeOutcome } from '#sip/invoke/handler-invoker.js';
import { meteredInvoker } from '#sip/metrics/metered-invoker.js';
import { FakeClock } from '#test/support/fake-clock.js';

/** A request event for `handler` (its fields do not matter to the meter). */
const requestFor = (handler: HandlerName): HandlerEvent => ({
  version: HANDLER_CONTRACT_VERSION,
  type: 'sip-request',
  handler,
  method: 'INVITE',
  requestUri: 'sip:bob@acme.sip.localhost',
  raw: 'INVITE sip:bob@acme.sip.localhost SIP/2.0\r\n\r\n',
  transport: 'udp',
  source: { address: '198.51.100.7', port: 5060 },
  edge: 'ashburn',
  instanceId: 'gw-1',
  relayAddress: '10.0.0.1:5060',
  flowId: 'udp-1',
  receivedAtMs: 0,
});

/** An invoker whose every call takes `delayMs` of the fake clock and ends in `outcome`. */
function slowInvoker(clock: FakeClock, delayMs: number, outcome: InvokeOutcome): IHandlerInvoker {
  return {
    invoke: () => new Promise((resolve) => clock.setTimer(delayMs, () => resolve(outcome))),
  };
}

describe('metered invoker', () => {
  it('reports the time from invoke to outcome under the event’s handler, and passes the outcome through', async () => {
    const clock = new FakeClock();
    const recorded: [HandlerName, number][] = [];
    const outcome: InvokeOutcome = { ok: true, result: { version: 1, action: 'done' } };
    const invoker = meteredInvoker(
      slowInvoker(clock, 42, outcome),
      { handlerLatency: (h, ms) => recorded.push([h, ms]) },
      clock,
    );
    const pending = invoker.invoke(requestFor('register'));
    clock.advance(42);
    expect(await pending).toBe(outcome);
    expect(recorded).toEqual([['register', 42]]);
  });

  it('reports failures and timeouts too: their latency is what callers waited', async () => {
    const clock = new FakeClock();
    const recorded: [HandlerName, number][] = [];
    const timeout: InvokeOutcome = { ok: false, failure: 'timeout', detail: 'deadline' };
    const invoker = meteredInvoker(
      slowInvoker(clock, 35_000, timeout),
      { handlerLatency: (h, ms) => recorded.push([h, ms]) },
      clock,
    );
    const pending = invoker.invoke(requestFor('route'));
    clock.advance(35_000);
    expect(await pending).toBe(timeout);
    expect(recorded).toEqual([['route', 35_000]]);
  });
});
