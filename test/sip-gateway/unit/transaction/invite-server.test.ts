import { describe, expect, it } from 'vitest';
import { deriveTimers } from '#sip/config/rfc-timers.js';
import { createResponse } from '#sip/message/create-response.js';
import type { SipResponse } from '#sip/message/types.js';
import { type IstState, startIst, stepIst } from '#sip/transaction/invite-server.js';
import { InvalidTransitionError, type ServerContext, type ServerEvent } from '#sip/transaction/step.js';
import { buildRequest, buildResponse } from '#test/support/message-builders.js';

const base = { t1Ms: 100, t2Ms: 800, t4Ms: 1_000 };
const invite = buildRequest({ method: 'INVITE' });
const ack = buildRequest({ method: 'ACK', toTag: 'to-1' });
const ringing = buildResponse(invite, 180);
const busy = buildResponse(invite, 486);
const ok = buildResponse(invite, 200);
const ctx = (lastResponse: SipResponse | null = ringing, reliable = false): ServerContext => ({
  request: invite,
  reliable,
  timers: deriveTimers(base, reliable),
  lastResponse,
});
const tu = (response: SipResponse): ServerEvent => ({ kind: 'tuResponse', response });
const retransmission: ServerEvent = { kind: 'request', request: invite };
const ackEvent: ServerEvent = { kind: 'request', request: ack };
const timer = (name: 'G' | 'H' | 'I' | 'L', delayMs = 0): ServerEvent => ({
  kind: 'timer',
  timer: name,
  delayMs,
});

describe('INVITE server transaction (RFC 3261 §17.2.1, RFC 6026 §7.1)', () => {
  it('MUST generate a 100 (Trying) response when created (§17.2.1)', () => {
    expect(startIst(ctx(null))).toEqual({
      state: 'proceeding',
      effects: [{ kind: 'sendResponse', response: createResponse(invite, 100, 'Trying') }],
    });
  });

  it('MUST pass provisional responses from the TU to the transport in Proceeding (§17.2.1)', () => {
    expect(stepIst('proceeding', tu(ringing), ctx())).toEqual({
      state: 'proceeding',
      effects: [{ kind: 'sendResponse', response: ringing }],
    });
  });

  it('MUST absorb INVITE retransmissions in Proceeding and resend the last provisional response (§17.2.1)', () => {
    expect(stepIst('proceeding', retransmission, ctx())).toEqual({
      state: 'proceeding',
      effects: [{ kind: 'sendResponse', response: ringing }],
    });
  });

  it('MUST ignore an ACK before any final response (§17.2.1)', () => {
    expect(stepIst('proceeding', ackEvent, ctx())).toEqual({ state: 'proceeding', effects: [] });
  });

  it('MUST enter Accepted on a 2xx from the TU and start Timer L (RFC 6026 §7.1)', () => {
    expect(stepIst('proceeding', tu(ok), ctx())).toEqual({
      state: 'accepted',
      effects: [
        { kind: 'sendResponse', response: ok },
        { kind: 'startTimer', timer: 'L', delayMs: 6_400 },
      ],
    });
  });

  it('MUST enter Completed on a 300-699 from the TU and start Timer G (T1) and Timer H (64*T1) (§17.2.1)', () => {
    expect(stepIst('proceeding', tu(busy), ctx())).toEqual({
      state: 'completed',
      effects: [
        { kind: 'sendResponse', response: busy },
        { kind: 'startTimer', timer: 'G', delayMs: 100 },
        { kind: 'startTimer', timer: 'H', delayMs: 6_400 },
      ],
    });
  });

  it('MUST NOT start Timer G on a reliable transport (§17.2.1)', () => {
    expect(stepIst('proceeding', tu(busy), ctx(ringing, true)).effects.map((e) => e.kind)).toEqual([
      'sendResponse',
      'startTimer',
    ]);
  });

  it('SHOULD retransmit the final response for INVITE retransmissions in Completed (§17.2.1)', () => {
    expect(stepIst('completed', retransmission, ctx(busy))).toEqual({
      state: 'completed',
      effects: [{ kind: 'sendResponse', response: busy }],
    });
  });

  it('MUST retransmit the final response on Timer G, doubling up to T2 (§17.2.1)', () => {
    expect(stepIst('completed', timer('G', 200), ctx(busy))).toEqual({
      state: 'completed',
      effects: [
        { kind: 'sendResponse', response: busy },
        { kind: 'startTimer', timer: 'G', delayMs: 400 },
      ],
    });
    expect(stepIst('completed', timer('G', 800), ctx(busy)).effects[1]).toEqual({
      kind: 'startTimer',
      timer: 'G',
      delayMs: 800,
    });
  });

  it('MUST indicate a transaction failure to the TU when Timer H fires in Completed (§17.2.1)', () => {
    expect(stepIst('completed', timer('H'), ctx(busy))).toEqual({
      state: 'terminated',
      effects: [{ kind: 'reportTimeout', timer: 'H' }, { kind: 'terminate' }],
    });
  });

  it('MUST move to Confirmed on an ACK in Completed and start Timer I (T4) (§17.2.1)', () => {
    expect(stepIst('completed', ackEvent, ctx(busy))).toEqual({
      state: 'confirmed',
      effects: [
        { kind: 'stopTimer', timer: 'G' },
        { kind: 'stopTimer', timer: 'H' },
        { kind: 'startTimer', timer: 'I', delayMs: 1_000 },
      ],
    });
  });

  it('MUST treat Timer I as zero on a reliable transport (§17.2.1)', () => {
    expect(stepIst('completed', ackEvent, ctx(busy, true)).state).toBe('terminated');
  });

  it('MUST absorb further ACKs and INVITE retransmissions in Confirmed (§17.2.1)', () => {
    expect(stepIst('confirmed', ackEvent, ctx(busy))).toEqual({ state: 'confirmed', effects: [] });
    expect(stepIst('confirmed', retransmission, ctx(busy))).toEqual({ state: 'confirmed', effects: [] });
  });

  it('MUST move to Terminated when Timer I fires in Confirmed (§17.2.1)', () => {
    expect(stepIst('confirmed', timer('I'), ctx(busy))).toEqual({
      state: 'terminated',
      effects: [{ kind: 'terminate' }],
    });
  });

  it('MUST pass an ACK to the TU in Accepted (RFC 6026 §7.1)', () => {
    expect(stepIst('accepted', ackEvent, ctx(ok))).toEqual({
      state: 'accepted',
      effects: [{ kind: 'passRequest', request: ack }],
    });
  });

  it('MUST absorb INVITE retransmissions in Accepted without a response (RFC 6026 §8.7)', () => {
    expect(stepIst('accepted', retransmission, ctx(ok))).toEqual({ state: 'accepted', effects: [] });
  });

  it('MUST pass 2xx retransmissions from the TU to the transport in Accepted (RFC 6026 §8.7)', () => {
    expect(stepIst('accepted', tu(ok), ctx(ok))).toEqual({
      state: 'accepted',
      effects: [{ kind: 'sendResponse', response: ok }],
    });
  });

  it('MUST move to Terminated when Timer L fires in Accepted (RFC 6026 §7.1)', () => {
    expect(stepIst('accepted', timer('L'), ctx(ok))).toEqual({
      state: 'terminated',
      effects: [{ kind: 'terminate' }],
    });
  });

  it.each<IstState>([
    'proceeding',
    'completed',
    'confirmed',
    'accepted',
  ])('MUST inform the TU of a transport failure in %s (§17.2.4)', (state) => {
    expect(stepIst(state, { kind: 'transportError', error: 'EPIPE' }, ctx())).toEqual({
      state: 'terminated',
      effects: [{ kind: 'reportTransportError', error: 'EPIPE' }, { kind: 'terminate' }],
    });
  });

  it.each<[IstState, ServerEvent]>([
    ['proceeding', timer('G')],
    ['completed', tu(ok)],
    ['confirmed', tu(ok)],
    ['accepted', tu(busy)],
    ['accepted', tu(ringing)],
    ['terminated', retransmission],
    ['terminated', { kind: 'transportError', error: 'late' }],
  ])('throws on the invalid transition from %s', (state, event) => {
    expect(() => stepIst(state, event, ctx())).toThrow(InvalidTransitionError);
  });

  it('throws when asked to retransmit before any response was sent', () => {
    expect(() => stepIst('proceeding', retransmission, ctx(null))).toThrow(InvalidTransitionError);
  });
});
