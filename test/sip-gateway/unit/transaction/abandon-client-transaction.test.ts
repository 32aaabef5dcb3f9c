import { describe, expect, it } from 'vitest';
import type { SipRequest, SipResponse } from '#sip/message/types.js';
import { TransactionLayer } from '#sip/transaction/transaction-layer.js';
import type { ClientTransactionEvent, TransactionUser } from '#sip/transaction/transaction-user.js';
import { FakeClock } from '#test/support/fake-clock.js';
import { buildRequest, buildResponse } from '#test/support/message-builders.js';

describe('TransactionLayer.abandonClientTransaction (RFC 3261 §9.1)', () => {
  it('SHOULD destroy an INVITE client transaction that got no final response after CANCEL: no timers, no events, later responses are strays', async () => {
    const clock = new FakeClock();
    const strays: SipResponse[] = [];
    const user = {
      onStrayResponse: (r: SipResponse) => strays.push(r),
    } as unknown as TransactionUser<string>;
    const layer = new TransactionLayer<string, string>({
      transport: { sendRequest: async () => ({ ok: true }), sendResponse: async () => ({ ok: true }) },
      user,
      clock,
      maxTransactions: 10,
    });
    const events: ClientTransactionEvent[] = [];
    const invite: SipRequest = buildRequest({ method: 'INVITE' });
    const started = layer.startClientTransaction(invite, 'callee', false, (e) => events.push(e));
    if (!started.ok) throw new Error(started.error);
    layer.abandonClientTransaction(started.value);
    expect(layer.size()).toBe(0);
    expect(clock.pendingCount()).toBe(0);
    expect(layer.receiveResponse(buildResponse(invite, 487))).toBe('stray');
    expect(events).toEqual([]);
    expect(strays).toHaveLength(1);
  });
});
