import { describe, expect, it } from 'vitest';
import { deriveTimers } from '#sip/config/rfc-timers.js';
import { buildAckForNon2xx } from '#sip/transaction/build-ack.js';
import { type IctState, startIct, stepIct } from '#sip/transaction/invite-client.js';
import type { ClientContext, ClientEvent } from '#sip/transaction/step.js';
import { InvalidTransitionError } from '#sip/transaction/step.js';
import { buildRequest, buildResponse } from '#test/support/message-builders.js';

const base = { t1Ms: 100, t2Ms: 800, t4Ms: 1_000 };
const invite = buildRequest({ method: 'INVITE' });
const ctx = (reliable = false): ClientContext => ({
  request: invite,
  reliable,
  timers: deriveTimers(base, reliable),
});
const response = (status: number): ClientEvent => ({
  kind: 'response',
  response: buildResponse(invite, status),
});
const ackFor = (status: number) => buildAckForNon2xx(invite, buildResponse(invite, status));
const timer = (name: 'A' | 'B' | 'D' | 'M', delayMs = 0): ClientEvent => ({
  kind: 'timer',
  timer: name,
  delayMs,
});

describe('INVITE client transaction (RFC 3261 §17.1.1, RFC 6026 §8)', () => {
  it('MUST send the INVITE and start Timer A (T1) and Timer B (64*T1) on an unreliable transport (§17.1.1.2)', () => {
    expect(startIct(ctx())).toEqual({
      state: 'calling',
      effects: [
        { kind: 'sendRequest', request: invite },
        { kind: 'startTimer', timer: 'A', delayMs: 100 },
        { kind: 'startTimer', timer: 'B', delayMs: 6_400 },
      ],
    });
  });

  it('MUST NOT start Timer A on a reliable transport (§17.1.1.2)', () => {
    expect(startIct(ctx(true)).effects).toEqual([
      { kind: 'sendRequest', request: invite },
      { kind: 'startTimer', timer: 'B', delayMs: 6_400 },
    ]);
  });

  it('MUST retransmit the request at Timer A intervals doubling (RFC 3261 §17.1.1.2)', () => {
    expect(stepIct('calling', timer('A', 400), ctx())).toEqual({
      state: 'calling',
      effects: [
        { kind: 'sendRequest', request: invite },
        { kind: 'startTimer', timer: 'A', delayMs: 800 },
      ],
    });
  });

  it('SHOULD inform the TU of a timeout when Timer B fires in Calling (§17.1.1.2)', () => {
    expect(stepIct('calling', timer('B'), ctx())).toEqual({
      state: 'terminated',
      effects: [{ kind: 'reportTimeout', timer: 'B' }, { kind: 'terminate' }],
    });
  });

  it('MUST pass a provisional response to the TU and move to Proceeding, stopping retransmissions (§17.1.1.2)', () => {
    expect(stepIct('calling', response(180), ctx())).toEqual({
      state: 'proceeding',
      effects: [
        { kind: 'stopTimer', timer: 'A' },
        { kind: 'stopTimer', timer: 'B' },
        { kind: 'passResponse', response: buildResponse(invite, 180) },
      ],
    });
  });

  it('MUST pass further provisional responses to the TU in Proceeding (§17.1.1.2)', () => {
    const step = stepIct('proceeding', response(183), ctx());
    expect(step.state).toBe('proceeding');
    expect(step.effects.map((e) => e.kind)).toEqual(['passResponse']);
  });

  it('MUST enter Accepted on a 2xx in Calling and start Timer M (RFC 6026 §8.4)', () => {
    const step = stepIct('calling', response(200), ctx());
    expect(step.state).toBe('accepted');
    expect(step.effects.map((e) => e.kind)).toEqual(['stopTimer', 'stopTimer', 'startTimer', 'passResponse']);
    expect(step.effects[2]).toEqual({ kind: 'startTimer', timer: 'M', delayMs: 6_400 });
  });

  it('MUST enter Accepted on a 2xx in Proceeding (RFC 6026 §8.4)', () => {
    expect(stepIct('proceeding', response(200), ctx()).state).toBe('accepted');
  });

  it('MUST generate an ACK for a 300-699 response, pass it to the TU and start Timer D (§17.1.1.2)', () => {
    expect(stepIct('calling', response(486), ctx())).toEqual({
      state: 'completed',
      effects: [
        { kind: 'stopTimer', timer: 'A' },
        { kind: 'stopTimer', timer: 'B' },
        { kind: 'sendRequest', request: ackFor(486) },
        { kind: 'startTimer', timer: 'D', delayMs: 6_400 },
        { kind: 'passResponse', response: buildResponse(invite, 486) },
      ],
    });
  });

  it('MUST treat Timer D as zero on a reliable transport: ACK, pass up and terminate (§17.1.1.2)', () => {
    const step = stepIct('proceeding', response(503), ctx(true));
    expect(step.state).toBe('terminated');
    expect(step.effects.map((e) => e.kind)).toEqual(['sendRequest', 'passResponse', 'terminate']);
  });

  it('MUST re-pass the ACK for final response retransmissions in Completed, not to the TU (§17.1.1.2)', () => {
    expect(stepIct('completed', response(486), ctx())).toEqual({
      state: 'completed',
      effects: [{ kind: 'sendRequest', request: ackFor(486) }],
    });
  });

  it('MUST discard provisional and 2xx responses arriving in Completed (§17.1.1.2)', () => {
    expect(stepIct('completed', response(180), ctx())).toEqual({ state: 'completed', effects: [] });
    expect(stepIct('completed', response(200), ctx())).toEqual({ state: 'completed', effects: [] });
  });

  it('MUST move to Terminated when Timer D fires in Completed (§17.1.1.2)', () => {
    expect(stepIct('completed', timer('D'), ctx())).toEqual({
      state: 'terminated',
      effects: [{ kind: 'terminate' }],
    });
  });

  it('MUST pass 2xx retransmissions to the TU in Accepted (RFC 6026 §8.4)', () => {
    const step = stepIct('accepted', response(200), ctx());
    expect(step.state).toBe('accepted');
    expect(step.effects.map((e) => e.kind)).toEqual(['passResponse']);
  });

  it('MUST discard non-2xx responses in Accepted (RFC 6026 §8.4)', () => {
    expect(stepIct('accepted', response(180), ctx())).toEqual({ state: 'accepted', effects: [] });
    expect(stepIct('accepted', response(486), ctx())).toEqual({ state: 'accepted', effects: [] });
  });

  it('MUST move to Terminated when Timer M fires in Accepted (RFC 6026 §8.4)', () => {
    expect(stepIct('accepted', timer('M'), ctx())).toEqual({
      state: 'terminated',
      effects: [{ kind: 'terminate' }],
    });
  });

  it.each<IctState>([
    'calling',
    'proceeding',
    'completed',
    'accepted',
  ])('SHOULD inform the TU of a transport failure in %s and terminate (§17.1.4)', (state) => {
    expect(stepIct(state, { kind: 'transportError', error: 'EHOSTUNREACH' }, ctx())).toEqual({
      state: 'terminated',
      effects: [{ kind: 'reportTransportError', error: 'EHOSTUNREACH' }, { kind: 'terminate' }],
    });
  });

  it.each<[IctState, ClientEvent]>([
    ['calling', timer('D')],
    ['proceeding', timer('A')],
    ['completed', timer('B')],
    ['accepted', timer('D')],
    ['terminated', response(200)],
    ['terminated', { kind: 'transportError', error: 'late' }],
  ])('throws on the invalid transition from %s', (state, event) => {
    expect(() => stepIct(state, event, ctx())).toThrow(InvalidTransitionError);
  });
});
