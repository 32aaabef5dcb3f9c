import { describe, expect, it } from 'vitest';
import { dialOutcome, unansweredDialStatus } from '#sip/proxy/dial-outcome.js';
import { branchResponse } from './support.js';

describe("unansweredDialStatus (Twilio's DialCallStatus)", () => {
  it('reports busy for 486, 600 and 603', () => {
    for (const status of [486, 600, 603])
      expect(unansweredDialStatus('branches-done', branchResponse(status))).toBe('busy');
  });
  it('reports no-answer for a timeout, an empty dial, and 408/480/487', () => {
    expect(unansweredDialStatus('timeout', null)).toBe('no-answer');
    expect(unansweredDialStatus('no-targets', null)).toBe('no-answer');
    for (const status of [408, 480, 487])
      expect(unansweredDialStatus('branches-done', branchResponse(status))).toBe('no-answer');
  });
  it('reports canceled when the caller hung up, failed otherwise', () => {
    expect(unansweredDialStatus('caller-cancel', branchResponse(486))).toBe('canceled');
    expect(unansweredDialStatus('branches-done', branchResponse(404))).toBe('failed');
    expect(unansweredDialStatus('branches-done', branchResponse(500))).toBe('failed');
  });
});

describe('dialOutcome', () => {
  it('rounds the duration to seconds and keeps the X- headers of the response', () => {
    const outcome = dialOutcome('completed', branchResponse(200, 'X-Call: 7', 'Server: pbx'), 200, 61_400);
    expect(outcome).toEqual({
      dialCallStatus: 'completed',
      dialCallDurationSec: 61,
      sipResponseCode: 200,
      sipCallId: 'call-1',
      headers: [{ name: 'X-Call', value: '7' }],
    });
  });
});
