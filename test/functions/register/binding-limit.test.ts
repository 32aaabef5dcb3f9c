import { describe, expect, it } from 'vitest';
import { enforceBindingLimit } from '#functions/register/binding-limit.js';
import { REGISTRAR_DEFAULTS } from '#functions/register/registrar-settings.js';
import type { BindingContact } from '#functions/shared/store/binding-store.js';
import { binding } from './binding-fixtures.js';

const at = (n: number, expiresAtMs = 3_600_000) =>
  binding({ contactUri: `sip:alice@198.51.100.${n}`, expiresAtMs });
const range = (from: number, to: number, expiry?: (n: number) => number) =>
  Array.from({ length: to - from + 1 }, (_, k) => at(from + k, expiry?.(from + k)));
const uris = (list: readonly BindingContact[]) => list.map((b) => b.contactUri);
const reject = REGISTRAR_DEFAULTS;
const evict = { ...REGISTRAR_DEFAULTS, whenFull: 'evict-soonest' as const };

describe('enforceBindingLimit (Twilio: 10 bindings per AOR, 32007)', () => {
  it('MUST refuse the 11th binding of an AOR, counting the bindings of every edge', () => {
    const after = { kept: range(1, 6), written: [at(11)], otherEdges: range(7, 10), countBefore: 10 };
    expect(enforceBindingLimit(after, reject)).toEqual({ ok: false, error: 'tooManyBindings' });
    expect(enforceBindingLimit({ ...after, kept: range(1, 5) }, reject).ok).toBe(true);
  });
  it('counts a device registered at this edge and at another once', () => {
    const after = { kept: range(1, 9), written: [at(10)], otherEdges: [at(10), at(1)], countBefore: 10 };
    expect(enforceBindingLimit(after, reject).ok).toBe(true);
  });
  it('never refuses a request that does not raise the count, even above the limit', () => {
    const after = { kept: range(1, 11), written: [at(12)], otherEdges: [], countBefore: 12 };
    expect(enforceBindingLimit(after, reject).ok).toBe(true);
    expect(enforceBindingLimit({ ...after, written: [at(12), at(13)] }, reject).ok).toBe(false);
  });
  it("with 'evict-soonest', evicts this edge's soonest-expiring kept bindings, never the written ones", () => {
    const kept = range(1, 10, (n) => 3_600_000 - n);
    const result = enforceBindingLimit(
      { kept, written: [at(11), at(12)], otherEdges: [], countBefore: 10 },
      evict,
    );
    expect(result.ok && uris(result.value)).toEqual([...uris(range(1, 8)), ...uris([at(11), at(12)])]);
    const full = { kept: [], written: [at(1)], otherEdges: range(2, 11), countBefore: 10 };
    expect(enforceBindingLimit(full, evict)).toEqual({ ok: false, error: 'tooManyBindings' });
  });
});
