import { describe, expect, it } from 'vitest';
import { planBindings, type RegisterArrival } from '#functions/register/plan-bindings.js';
import type { RegisterRequest } from '#functions/register/register-request.js';
import { REGISTRAR_DEFAULTS } from '#functions/register/registrar-settings.js';
import { parseContactList } from '#sip/message/headers/contact.js';
import { binding } from './binding-fixtures.js';

const NOW = 1_000_000;
const arrival: RegisterArrival = {
  transport: 'tcp',
  source: { address: '198.51.100.7', port: 40000 },
  flowId: 'f1',
  gatewayInstanceId: 'gw-1',
  relayAddress: '10.0.0.1:5070',
};
function request(contacts: string[] | null, overrides: Partial<RegisterRequest> = {}): RegisterRequest {
  const list = contacts === null ? null : parseContactList(contacts);
  if (list !== null && !list.ok) throw new Error(list.error);
  return {
    contacts: list === null ? null : list.value,
    expiresHeader: null,
    callId: 'c1',
    cseq: 2,
    path: ['<sip:p.example.net;lr>'],
    userAgent: 'UA/1',
    ...overrides,
  };
}
const plan = (
  req: RegisterRequest,
  edge = [binding({ contactUri: 'sip:a@192.0.2.1', callId: 'c1', cseq: 1 })],
) => planBindings(req, arrival, { edge, otherEdges: [] }, REGISTRAR_DEFAULTS, NOW);

describe('planBindings (RFC 3261 §10.3 steps 6-7)', () => {
  it('leaves the bindings alone for a query (no Contact, §10.2.3)', () => {
    expect(plan(request(null))).toEqual({ ok: true, value: null });
  });
  it('MUST apply every contact or none: one contact below the minimum fails the whole request', () => {
    expect(plan(request(['<sip:a@192.0.2.2>', '<sip:a@192.0.2.3>;expires=30']))).toEqual({
      ok: false,
      error: 'intervalTooBrief',
    });
  });
  it('MUST fail the whole request when one replaced binding has a CSeq not below the request’s', () => {
    expect(plan(request(['<sip:a@192.0.2.2>', '<sip:a@192.0.2.1>'], { cseq: 1 }))).toEqual({
      ok: false,
      error: 'invalidCseq',
    });
  });
  it('records how and when the REGISTER arrived, and keeps one binding per device of the request', () => {
    const result = plan(request(['<sip:a@192.0.2.1>;expires=900', '<sip:a@192.0.2.1>;expires=1200']));
    expect(result).toEqual({
      ok: true,
      value: [
        {
          contactUri: 'sip:a@192.0.2.1',
          instanceId: null,
          regId: null,
          path: ['<sip:p.example.net;lr>'],
          ...arrival,
          userAgent: 'UA/1',
          callId: 'c1',
          cseq: 2,
          registeredAtMs: NOW,
          expiresAtMs: NOW + 1_200_000,
        },
      ],
    });
  });
});
