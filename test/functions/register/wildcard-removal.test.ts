import { describe, expect, it } from 'vitest';
import { checkWildcard } from '#functions/register/wildcard-removal.js';

describe('checkWildcard (RFC 3261 §10.3 step 6)', () => {
  it('MUST accept Contact: * only with Expires: 0', () => {
    expect(checkWildcard(0).ok).toBe(true);
    expect(checkWildcard(null)).toEqual({ ok: false, error: 'invalidWildcard' });
    expect(checkWildcard(600)).toEqual({ ok: false, error: 'invalidWildcard' });
  });
});
