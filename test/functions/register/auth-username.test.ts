import { describe, expect, it } from 'vitest';
import { checkAuthUsername } from '#functions/register/auth-username.js';

describe('checkAuthUsername (Twilio 32106)', () => {
  it('MUST refuse a digest username that is not exactly the AOR user', () => {
    expect(checkAuthUsername('bob', 'alice')).toEqual({ ok: false, error: 'usernameMismatch' });
    expect(checkAuthUsername('Alice', 'alice')).toEqual({ ok: false, error: 'usernameMismatch' });
  });
  it('accepts the AOR user', () => expect(checkAuthUsername('alice', 'alice').ok).toBe(true));
});
