import { describe, expect, it } from 'vitest';
import { mergeBindings } from '#functions/register/merged-bindings.js';
import { binding } from './binding-fixtures.js';

describe('mergeBindings (Twilio: bindings are shared between edges)', () => {
  it("lists this edge's bindings, then other edges' except devices also registered here", () => {
    const here = [binding({ contactUri: 'sip:a@192.0.2.1' })];
    const there = [
      binding({ contactUri: 'sip:a@192.0.2.1', expiresAtMs: 1 }),
      binding({ contactUri: 'sip:a@192.0.2.2' }),
    ];
    expect(mergeBindings(here, there).map((b) => [b.contactUri, b.expiresAtMs])).toEqual([
      ['sip:a@192.0.2.1', 3_600_000],
      ['sip:a@192.0.2.2', 3_600_000],
    ]);
  });
});
