import { err, ok, type Result } from '../shared/result.js';

/**
 * Twilio 32106: the digest username must be exactly the AOR's user. Checked before the user is
 * looked up, so the answer says nothing about which other usernames exist.
 */
export function checkAuthUsername(username: string, aorUser: string): Result<void, 'usernameMismatch'> {
  return username === aorUser ? ok(undefined) : err('usernameMismatch');
}
