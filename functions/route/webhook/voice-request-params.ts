import { NO_PARAMS } from '#sip/message/header-params.js';
import type { SipRequest, Uri } from '#sip/message/types.js';
import { formatUri } from '#sip/message/uri/format-uri.js';
import { sipHeaderParams } from './sip-header-params.js';

export interface VoiceRequestInput {
  readonly accountSid: string;
  readonly callSid: string;
  readonly domain: { readonly sid: string; readonly name: string };
  /** The INVITE, parsed from the event's `raw`. */
  readonly invite: SipRequest;
  readonly sourceIp: string;
  /** The username that passed digest authentication; null when the IP ACL alone admitted the call. */
  readonly sipUsername: string | null;
}

/**
 * The parameters of the voice URL request for an inbound call to a SIP Domain (reference §4.1):
 * the standard voice parameters, the Sip* parameters and one `SipHeader_<name>` per X- header and
 * User-to-User. `To` is the Request-URI and `From` the From header's URI, as plain `sip:user@host`
 * (the form seen in captured webhooks): no display name, tag, parameters or headers.
 */
export function voiceRequestParams(input: VoiceRequestInput): Record<string, string> {
  const from = addressOf(input.invite.base.from.uri);
  const to = addressOf(input.invite.uri);
  return {
    AccountSid: input.accountSid,
    ApiVersion: '2010-04-01',
    CallSid: input.callSid,
    CallStatus: 'ringing',
    Direction: 'inbound',
    From: from,
    To: to,
    Caller: from,
    Called: to,
    SipDomain: input.domain.name,
    SipDomainSid: input.domain.sid,
    SipCallId: input.invite.base.callId,
    SipSourceIp: input.sourceIp,
    ...(input.sipUsername === null ? {} : { SipUsername: input.sipUsername }),
    ...sipHeaderParams(input.invite.headers),
  };
}

/** `scheme:user@host[:port]` of a SIP URI; other URIs without their parameters. */
function addressOf(uri: Uri): string {
  if ('raw' in uri) return uri.raw;
  if (uri.scheme === 'tel') return `tel:${uri.number}`;
  return formatUri({ ...uri, password: null, params: NO_PARAMS, headers: NO_PARAMS });
}
