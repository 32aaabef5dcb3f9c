import type { HandlerResult, SipRequestEvent } from '#sip/contract/handler-events.js';
import { parseMessage } from '#sip/parser/index.js';
import { domainNameOf } from '../../register/register-domain.js';
import { CorruptItemError, SipEdgeFunctionError } from '../../shared/errors.js';
import type { CallContext } from '../call/call-context.js';
import { openInboundCall } from '../call/call-records.js';
import type { CallInfo } from '../call/call-state.js';
import { endWithResponse } from '../call/end-call.js';
import { runTwiml } from '../plan/call-flow.js';
import type { RouteDeps } from '../route-deps.js';
import { voiceRequestParams } from '../webhook/voice-request-params.js';
import { admissionRejection } from './admission-response.js';
import { admitInvite } from './admit-invite.js';
import { requestVoiceUrl } from './request-voice-url.js';

/**
 * An INVITE to a SIP Domain (reference §3): the domain, authentication, the call record, the voice
 * URL request (with fallback), then the TwiML it returned.
 */
export async function handleInvite(deps: RouteDeps, event: SipRequestEvent): Promise<HandlerResult> {
  if (event.method !== 'INVITE') throw new SipEdgeFunctionError(`the router does not handle ${event.method}`);
  const agent = `sip.${deps.zone}`;
  const parsed = parseMessage(Buffer.from(event.raw, 'latin1'));
  if (!parsed.ok || parsed.message.kind !== 'request')
    return admissionRejection({ code: 'malformedRequest' }, agent);
  const invite = parsed.message;
  const domainName = domainNameOf(invite.uri, deps.zone);
  const config = domainName === null ? undefined : await deps.directory.domainByName(domainName);
  if (config === undefined) return admissionRejection({ code: 'unknownDomain' }, agent);
  const { domain } = config;
  const admitted = await admitInvite(deps, config, invite, event);
  if (!admitted.ok) return admissionRejection(admitted.error, domain.domainName);
  const account = await deps.directory.account(domain.accountSid);
  if (account === undefined)
    throw new CorruptItemError(`domain ${domain.sid}: account ${domain.accountSid} missing`);

  // The voice request parameters name the caller and callee of the call record, whose SID is the CallSid.
  const params = voiceRequestParams({
    accountSid: domain.accountSid,
    callSid: '',
    domain: { sid: domain.sid, name: domain.domainName },
    invite,
    sourceIp: event.source.address,
    sipUsername: admitted.value.sipUsername,
  });
  const record = await openInboundCall(deps.store, {
    accountSid: domain.accountSid,
    domainSid: domain.sid,
    from: params.From ?? '',
    to: params.To ?? '',
    sipCallId: invite.base.callId,
    nowMs: deps.now(),
  });
  const call: CallInfo = {
    callSid: record.sid,
    accountSid: domain.accountSid,
    domainSid: domain.sid,
    domainName: domain.domainName,
    from: record.from,
    to: record.to,
    sipCallId: record.sipCallId,
    params: { ...params, CallSid: record.sid },
    statusCallback:
      domain.voiceStatusCallbackUrl === null
        ? null
        : { url: domain.voiceStatusCallbackUrl, method: domain.voiceStatusCallbackMethod },
  };
  const ctx: CallContext = {
    deps,
    call,
    authToken: account.authToken,
    // The voice URL request is the first of the event's TwiML requests.
    budget: { fetchesLeft: deps.settings.maxTwimlFetchesPerEvent - 1 },
    ...(admitted.value.auth === undefined ? {} : { auth: admitted.value.auth }),
  };

  const fetched = await requestVoiceUrl(ctx, domain);
  if (!fetched.ok) return endWithResponse(ctx, fetched.error);
  return runTwiml(ctx, { fetched: fetched.value, index: 0 });
}
