import {
  extractBaseHeaders,
  formatVia,
  getContacts,
  getHeaderValue,
  getHeaderValues,
  parseRouteEntry,
} from '../message/index.js';
import { err, ok, type Result } from '../message/result.js';
import type { RawHeader, SipRequest, SipResponse, Uri, Via } from '../message/types.js';
import type { IsOwnUri } from './preprocess-route.js';

/** One side of an answered call as seen from this gateway: what a BYE towards it carries. */
export interface DialogLeg {
  /** The remote target: the Contact that side sent (RFC 3261 §12.1.1, §12.1.2). */
  readonly remoteTarget: Uri;
  /** Route values towards that side, beyond this gateway. */
  readonly routeSet: readonly string[];
  /** From and To of a request sent towards that side, tags included. */
  readonly from: string;
  readonly to: string;
  readonly callId: string;
}

/**
 * The two legs of an answered call, so that this gateway can end it itself when `<Dial timeLimit>`
 * passes (a proxy normally never sends BYE; this is the documented exception). Towards the callee it
 * speaks as the caller (the UAC's route set is the 2xx's Record-Route below this gateway, reversed,
 * RFC 3261 §12.1.2); towards the caller as the callee (the UAS's route set is the INVITE's
 * Record-Route as received, §12.1.1).
 */
export function dialogLegs(
  invite: SipRequest,
  forwarded: SipRequest,
  answer: SipResponse,
  isOwnUri: IsOwnUri,
): Result<{ toCallee: DialogLeg; toCaller: DialogLeg }> {
  const calleeContact = firstContact(answer);
  const callerContact = firstContact(invite);
  if (calleeContact === null || callerContact === null) return err('missing Contact in INVITE or 2xx');
  const answerRoutes = getHeaderValues(answer, 'record-route');
  const ours = answerRoutes.findIndex((value) => {
    const entry = parseRouteEntry(value);
    return entry.ok && isOwnUri(entry.value.uri);
  });
  const downstream = ours === -1 ? answerRoutes : answerRoutes.slice(0, ours);
  const calleeTo = getHeaderValue(answer, 'to') ?? '';
  return ok({
    toCallee: {
      remoteTarget: calleeContact,
      routeSet: [...downstream].reverse(),
      from: getHeaderValue(forwarded, 'from') ?? '',
      to: calleeTo,
      callId: invite.base.callId,
    },
    toCaller: {
      remoteTarget: callerContact,
      routeSet: getHeaderValues(invite, 'record-route'),
      from: calleeTo,
      to: getHeaderValue(invite, 'from') ?? '',
      callId: invite.base.callId,
    },
  });
}

/** A BYE on `leg` (RFC 3261 §15.1.1), with RFC 3326 `reason` when given. */
export function buildBye(leg: DialogLeg, cseq: number, via: Via, reason: string | null): Result<SipRequest> {
  const headers: RawHeader[] = [
    { name: 'Via', value: formatVia(via) },
    { name: 'Max-Forwards', value: '70' },
    ...(leg.routeSet.length === 0 ? [] : [{ name: 'Route', value: leg.routeSet.join(', ') }]),
    { name: 'From', value: leg.from },
    { name: 'To', value: leg.to },
    { name: 'Call-ID', value: leg.callId },
    { name: 'CSeq', value: `${cseq} BYE` },
    ...(reason === null ? [] : [{ name: 'Reason', value: reason }]),
  ];
  const base = extractBaseHeaders(headers, 'BYE');
  if (!base.ok) return base;
  return ok({
    kind: 'request',
    method: 'BYE',
    uri: leg.remoteTarget,
    version: 'SIP/2.0',
    headers,
    base: base.value,
    body: new Uint8Array(0),
  });
}

function firstContact(message: SipRequest | SipResponse): Uri | null {
  const contacts = getContacts(message);
  if (!contacts.ok || contacts.value === null || contacts.value.wildcard) return null;
  return contacts.value.contacts[0]?.uri ?? null;
}
