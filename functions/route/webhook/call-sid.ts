import { newSid } from '#functions/shared/store/sid.js';

/** A Call SID: `CA` + 32 hex digits, time-ordered like every SipEdge SID. */
export const newCallSid = (nowMs: number): string => newSid('CA', nowMs);
