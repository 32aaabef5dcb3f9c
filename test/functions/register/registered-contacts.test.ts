import { describe, expect, it } from 'vitest';
import { registeredHeaders } from '#functions/register/registered-contacts.js';
import { binding } from './binding-fixtures.js';

describe('registeredHeaders (RFC 3261 §10.3 step 8, RFC 5626 §6)', () => {
  const nowMs = Date.UTC(2026, 0, 15, 12, 0, 0);
  it('MUST list every binding with the seconds it has left and echo +sip.instance and reg-id', () => {
    const headers = registeredHeaders(
      [
        binding({
          contactUri: 'sip:a@192.0.2.1;ob',
          instanceId: '<urn:uuid:1>',
          regId: 2,
          expiresAtMs: nowMs + 599_001,
        }),
        binding({ contactUri: 'sip:a@192.0.2.2', expiresAtMs: nowMs + 3_600_000 }),
      ],
      nowMs,
    );
    expect(headers.filter((h) => h.name === 'Contact').map((h) => h.value)).toEqual([
      '<sip:a@192.0.2.1;ob>;expires=600;+sip.instance="<urn:uuid:1>";reg-id=2',
      '<sip:a@192.0.2.2>;expires=3600',
    ]);
  });
  it('MUST carry a Date header in RFC 1123 GMT form (§20.17)', () => {
    expect(registeredHeaders([], nowMs)).toEqual([{ name: 'Date', value: 'Thu, 15 Jan 2026 12:00:00 GMT' }]);
  });
});
