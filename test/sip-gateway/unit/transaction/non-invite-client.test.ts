import { describe, expect, it } from 'vitest';
import { deriveTimers } from '#sip/config/rfc-timers.js';
import { type NictState, startNict, stepNict } from '#sip/transaction/non-invite-client.js';
import { type ClientContext, type ClientEvent, InvalidTransitionError } from '#sip/transaction/step.js';
import { buildRequest, buildResponse } from '#test/support/message-builders.js';

const base = { t1Ms: 100, t2Ms: 800, t4Ms: 1_000 };
const options = buildRequest({ method: 'OPTIONS' });
const ctx = (reliable = false): ClientContext => ({
  request: options,
  reliable,
  timers: deriveTimers(base, reliable),
});
const response = (status: number): ClientEvent => ({
  kind: 'response',
  response: buildResponse(options, status),
});
const timer = (name: 'E' | 'F' | 'K', delayMs = 0): ClientEvent => ({ kind: 'timer', timer: name, delayMs });

describe('non-INVITE client transaction (RFC 3261 §17.1.2)', () => {
  it('MUST send the request, set Timer F to 64*T1 and Timer E to T1 on an unreliable transport (§17.1.2.2)', () => {
    expect(startNict(ctx())).toEqual({
      state: 'trying',
      effects: [
        { kind: 'sendRequest', request: options },
        { kind: 'startTimer', timer: 'E', delayMs: 100 },
        { kind: 'startTimer', timer: 'F', delayMs: 6_400 },
      ],
    });
  });

  it('MUST NOT set Timer E on a reliable transport (§17.1.2.2)', () => {
    expect(startNict(ctx(true)).effects.map((e) => e.kind)).toEqual(['sendRequest', 'startTimer']);
  });

  it('MUST retransmit on Timer E in Trying, doubling the interval up to T2 (§17.1.2.2)', () => {
    expect(stepNict('trying', timer('E', 200), ctx())).toEqual({
      state: 'trying',
      effects: [
        { kind: 'sendRequest', request: options },
        { kind: 'startTimer', timer: 'E', delayMs: 400 },
      ],
    });
    expect(stepNict('trying', timer('E', 800), ctx()).effects[1]).toEqual({
      kind: 'startTimer',
      timer: 'E',
      delayMs: 800,
    });
  });

  it('MUST retransmit on Timer E in Proceeding and reset it to T2 (§17.1.2.2)', () => {
    expect(stepNict('proceeding', timer('E', 200), ctx()).effects[1]).toEqual({
      kind: 'startTimer',
      timer: 'E',
      delayMs: 800,
    });
  });

  it.each<NictState>([
    'trying',
    'proceeding',
  ])('SHOULD inform the TU of a timeout when Timer F fires in %s (§17.1.2.2)', (state) => {
    expect(stepNict(state, timer('F'), ctx())).toEqual({
      state: 'terminated',
      effects: [{ kind: 'reportTimeout', timer: 'F' }, { kind: 'terminate' }],
    });
  });

  it.each<NictState>([
    'trying',
    'proceeding',
  ])('MUST pass a provisional response to the TU in %s and be in Proceeding (§17.1.2.2)', (state) => {
    const step = stepNict(state, response(100), ctx());
    expect(step.state).toBe('proceeding');
    expect(step.effects.map((e) => e.kind)).toEqual(['passResponse']);
  });

  it.each<NictState>([
    'trying',
    'proceeding',
  ])('MUST pass a final response to the TU in %s, enter Completed and start Timer K (§17.1.2.2)', (state) => {
    const step = stepNict(state, response(404), ctx());
    expect(step.state).toBe('completed');
    expect(step.effects).toEqual([
      { kind: 'stopTimer', timer: 'E' },
      { kind: 'stopTimer', timer: 'F' },
      { kind: 'startTimer', timer: 'K', delayMs: 1_000 },
      { kind: 'passResponse', response: buildResponse(options, 404) },
    ]);
  });

  it('MUST treat Timer K as zero on a reliable transport (§17.1.2.2)', () => {
    const step = stepNict('trying', response(200), ctx(true));
    expect(step.state).toBe('terminated');
    expect(step.effects.map((e) => e.kind)).toEqual(['stopTimer', 'stopTimer', 'passResponse', 'terminate']);
  });

  it('MUST buffer response retransmissions in Completed without passing them up (§17.1.2.2)', () => {
    expect(stepNict('completed', response(200), ctx())).toEqual({ state: 'completed', effects: [] });
  });

  it('MUST move to Terminated when Timer K fires in Completed (§17.1.2.2)', () => {
    expect(stepNict('completed', timer('K'), ctx())).toEqual({
      state: 'terminated',
      effects: [{ kind: 'terminate' }],
    });
  });

  it.each<NictState>([
    'trying',
    'proceeding',
    'completed',
  ])('SHOULD inform the TU of a transport failure in %s and terminate (§17.1.4)', (state) => {
    expect(stepNict(state, { kind: 'transportError', error: 'ECONNRESET' }, ctx()).effects).toEqual([
      { kind: 'reportTransportError', error: 'ECONNRESET' },
      { kind: 'terminate' },
    ]);
  });

  it.each<[NictState, ClientEvent]>([
    ['trying', timer('K')],
    ['completed', timer('E')],
    ['terminated', response(200)],
    ['terminated', { kind: 'transportError', error: 'late' }],
  ])('throws on the invalid transition from %s', (state, event) => {
    expect(() => stepNict(state, event, ctx())).toThrow(InvalidTransitionError);
  });
});
