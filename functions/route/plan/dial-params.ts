import type { DialOutcome } from '#sip/contract/handler-events.js';
import { DIAL_CALL_FINAL_STATUS } from '../call/call-records.js';
import { sipHeaderParams } from '../webhook/sip-header-params.js';

/**
 * What the `<Dial action>` request adds to the call's parameters (reference §5.1, §5.2):
 * DialCallStatus, DialCallSid, DialCallDuration, DialBridged and the SIP details of the final
 * response — DialSipResponseCode, DialSipCallId and its X- headers as DialSipHeader_*.
 */
export function dialActionParams(outcome: DialOutcome, dialCallSid: string): Record<string, string> {
  return {
    DialCallStatus: outcome.dialCallStatus,
    DialCallSid: dialCallSid,
    DialCallDuration: String(outcome.dialCallDurationSec),
    DialBridged: String(DIAL_CALL_FINAL_STATUS[outcome.dialCallStatus] === 'completed'),
    DialSipResponseCode: String(outcome.sipResponseCode),
    ...(outcome.sipCallId === null ? {} : { DialSipCallId: outcome.sipCallId }),
    ...sipHeaderParams(outcome.headers, 'DialSipHeader_'),
  };
}
