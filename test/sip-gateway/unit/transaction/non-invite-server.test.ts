import { describe, expect, it } from 'vitest';
import { deriveTimers } from '#sip/config/rfc-timers.js';
import type { SipResponse } from '#sip/message/types.js';
import { type NistState, startNist, stepNist } from '#sip/transaction/non-invite-server.js';
import { InvalidTransitionError, type ServerContext, type ServerEvent } from '#sip/transaction/step.js';
import { buildRequest, buildResponse } from '#test/support/message-builders.js';

const base = { t1Ms: 100, t2Ms: 800, t4Ms: 1_000 };
const register = buildRequest({ method: 'REGISTER' });
const trying = buildResponse(register, 100);
const ok = buildResponse(register, 200);
const ctx = (lastResponse: SipResponse | null = null, reliable = false): ServerContext => ({
  request: register,
  reliable,
  timers: deriveTimers(base, reliable),
  lastResponse,
});
const tu = (response: SipResponse): ServerEvent => ({ kind: 'tuResponse', response });
const retransmission: ServerEvent = { kind: 'request', request: register };

describe('non-INVITE server transaction (RFC 3261 §17.2.2)', () => {
  it('MUST be initialized in the Trying state (§17.2.2)', () => {
    expect(startNist()).toEqual({ state: 'trying', effects: [] });
  });

  it('MUST discard request retransmissions in Trying (§17.2.2)', () => {
    expect(stepNist('trying', retransmission, ctx())).toEqual({ state: 'trying', effects: [] });
  });

  it.each<NistState>([
    'trying',
    'proceeding',
  ])('MUST send a provisional response from the TU in %s and be in Proceeding (§17.2.2)', (state) => {
    expect(stepNist(state, tu(trying), ctx(trying))).toEqual({
      state: 'proceeding',
      effects: [{ kind: 'sendResponse', response: trying }],
    });
  });

  it('MUST resend the most recent provisional response for retransmissions in Proceeding (§17.2.2)', () => {
    expect(stepNist('proceeding', retransmission, ctx(trying))).toEqual({
      state: 'proceeding',
      effects: [{ kind: 'sendResponse', response: trying }],
    });
  });

  it.each<NistState>([
    'trying',
    'proceeding',
  ])('MUST send a final response from the TU in %s, enter Completed and set Timer J to 64*T1 (§17.2.2)', (state) => {
    expect(stepNist(state, tu(ok), ctx(trying))).toEqual({
      state: 'completed',
      effects: [
        { kind: 'sendResponse', response: ok },
        { kind: 'startTimer', timer: 'J', delayMs: 6_400 },
      ],
    });
  });

  it('MUST treat Timer J as zero on a reliable transport (§17.2.2)', () => {
    expect(stepNist('trying', tu(ok), ctx(null, true))).toEqual({
      state: 'terminated',
      effects: [{ kind: 'sendResponse', response: ok }, { kind: 'terminate' }],
    });
  });

  it('MUST resend the final response for retransmissions in Completed (§17.2.2)', () => {
    expect(stepNist('completed', retransmission, ctx(ok))).toEqual({
      state: 'completed',
      effects: [{ kind: 'sendResponse', response: ok }],
    });
  });

  it('MUST move to Terminated when Timer J fires in Completed (§17.2.2)', () => {
    expect(stepNist('completed', { kind: 'timer', timer: 'J', delayMs: 6_400 }, ctx(ok))).toEqual({
      state: 'terminated',
      effects: [{ kind: 'terminate' }],
    });
  });

  it.each<NistState>([
    'trying',
    'proceeding',
    'completed',
  ])('MUST inform the TU of a transport failure in %s (§17.2.4)', (state) => {
    expect(stepNist(state, { kind: 'transportError', error: 'EPIPE' }, ctx(ok)).effects).toEqual([
      { kind: 'reportTransportError', error: 'EPIPE' },
      { kind: 'terminate' },
    ]);
  });

  it.each<[NistState, ServerEvent, SipResponse | null]>([
    ['completed', tu(ok), ok],
    ['proceeding', retransmission, null],
    ['trying', { kind: 'timer', timer: 'J', delayMs: 0 }, null],
    ['completed', { kind: 'timer', timer: 'K', delayMs: 0 }, ok],
    ['terminated', retransmission, ok],
    ['terminated', { kind: 'transportError', error: 'late' }, ok],
  ])('throws on the invalid transition from %s', (state, event, last) => {
    expect(() => stepNist(state, event, ctx(last))).toThrow(InvalidTransitionError);
  });
});
