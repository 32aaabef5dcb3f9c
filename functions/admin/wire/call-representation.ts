import type { CallRecord } from '#functions/shared/store/call-store.js';
import type { pageEnvelope } from './page-envelope.js';
import { API_VERSION, accountBase, rfc2822 } from './representations.js';

export const callsPath = (accountSid: string) => `${accountBase(accountSid)}/Calls`;

const date = (ms: number) => rfc2822(new Date(ms).toISOString());
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Twilio's Call resource. `start_time` is when the leg was created (received or dialed),
 * `end_time` and `duration` (seconds, as a string) are set once a call that was answered ends.
 * Pricing, answering machine detection, phone numbers and trunks do not apply: null. `sipedge` is
 * SipEdge's extension: the SIP side of the leg and every status it went through.
 */
export function callJson(c: CallRecord) {
  return {
    sid: c.sid,
    account_sid: c.accountSid,
    parent_call_sid: c.parentCallSid,
    date_created: date(c.dateCreatedMs),
    date_updated: date(c.dateUpdatedMs),
    to: c.to,
    to_formatted: c.to,
    from: c.from,
    from_formatted: c.from,
    phone_number_sid: null,
    status: c.status,
    start_time: date(c.startTimeMs),
    end_time: c.endedAtMs === null ? null : date(c.endedAtMs),
    duration: c.durationSec === null ? null : String(c.durationSec),
    price: null,
    price_unit: 'USD',
    direction: c.direction,
    answered_by: null,
    api_version: API_VERSION,
    forwarded_from: null,
    group_sid: null,
    caller_name: null,
    queue_time: '0',
    trunk_sid: null,
    uri: `${callsPath(c.accountSid)}/${c.sid}.json`,
    subresource_uris: {},
    sipedge: {
      domain_sid: c.domainSid,
      sip_call_id: c.sipCallId,
      sip_response_code: c.sipResponseCode,
      answered_at: c.answeredAtMs === null ? null : iso(c.answeredAtMs),
      status_history: c.history.map((h) => ({
        status: h.status,
        at: iso(h.atMs),
        sip_response_code: h.sipResponseCode,
      })),
    },
  };
}

type Envelope = ReturnType<typeof pageEnvelope>;

/** Keeps the list filters in the envelope's URIs, so following `next_page_uri` stays filtered. */
export function withFilters(envelope: Envelope, filters: URLSearchParams): Envelope {
  if (filters.size === 0) return envelope;
  const add = (uri: string) => `${uri}&${filters.toString()}`;
  return {
    ...envelope,
    uri: add(envelope.uri),
    first_page_uri: add(envelope.first_page_uri),
    next_page_uri: envelope.next_page_uri === null ? null : add(envelope.next_page_uri),
  };
}
