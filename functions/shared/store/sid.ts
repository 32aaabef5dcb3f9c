import { randomBytes } from 'node:crypto';

export type SidPrefix = 'AC' | 'SD' | 'CL' | 'CR' | 'AL' | 'IP' | 'CA' | 'NO' | 'EH';

/**
 * Twilio-shaped SID: prefix + 32 hex digits. The first 12 digits are the creation time in ms, so
 * sort keys holding SIDs list in creation order; the other 20 are random (80 bits).
 */
export function newSid(prefix: SidPrefix, nowMs: number): string {
  const time = Math.max(0, Math.floor(nowMs)).toString(16).padStart(12, '0').slice(-12);
  return `${prefix}${time}${randomBytes(10).toString('hex')}`;
}

export function isSid(prefix: SidPrefix, value: string): boolean {
  return value.length === 34 && value.startsWith(prefix) && /^[0-9a-fA-F]{32}$/.test(value.slice(2));
}
