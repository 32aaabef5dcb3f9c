/**
 * Transaction keys and matching rules: client side RFC 3261 §17.1.3, server side §17.2.3 with
 * the RFC 2543 fallback for branches without the magic cookie.
 */
import type { Params, SipRequest, SipResponse, Uri, Via } from '#sip/message/types.js';

/** RFC 3261 §8.1.1.7: branches of RFC 3261 elements "MUST always begin with" this cookie. */
export const MAGIC_COOKIE = 'z9hG4bK';

export function hasMagicCookie(branch: string | null): branch is string {
  return branch?.startsWith(MAGIC_COOKIE) ?? false;
}

/**
 * RFC 3261 §17.1.3: a response matches a client transaction by the top Via branch and the CSeq
 * method ("a CANCEL request constitutes a different transaction, but shares the same value of
 * the branch parameter").
 */
export function clientKey(request: SipRequest): string {
  return `${request.base.via[0].branch ?? ''}|${request.method}`;
}

/** The client key a response belongs to, or null when its top Via has no branch. */
export function clientKeyOfResponse(response: SipResponse): string | null {
  const branch = response.base.via[0].branch;
  return branch === null ? null : `${branch}|${response.base.cseq.method}`;
}

/**
 * RFC 3261 §17.2.3: the server key of the transaction `request` creates or belongs to.
 * `method` is the method of the transaction looked for: ACK and CANCEL pass 'INVITE' to find
 * the INVITE transaction; `toTag` lets an RFC 2543 ACK carry the tag of the response sent.
 */
export function serverKey(request: SipRequest, method = request.method, toTag = request.base.to.tag): string {
  const via = request.base.via[0];
  if (hasMagicCookie(via.branch)) {
    // "the branch parameter in the request is equal to the one in the top Via header field of the
    // request that created the transaction, the sent-by value in the top Via of the request is equal
    // to the one in the request that created the transaction, and the method of the request matches
    // the one that created the transaction, except for ACK".
    return ['3261', via.branch, sentBy(via), method].join('|');
  }
  // RFC 2543 fallback: "the Request-URI, To tag, From tag, Call-ID, CSeq, and top Via header field
  // match those of the INVITE request which created the transaction".
  const { base } = request;
  return [
    '2543',
    uriKey(request.uri),
    toTag ?? '',
    base.from.tag ?? '',
    base.callId,
    base.cseq.seq,
    method,
    viaKey(via),
  ].join('|');
}

/**
 * Keys of the INVITE server transaction an ACK may belong to (§17.2.3). With the cookie, the ACK
 * for a non-2xx shares the INVITE's branch. Without it, the INVITE carried either no To tag
 * (initial request) or the same tag (re-INVITE); `ackMatchesResponse` then checks the tag.
 */
export function ackLookupKeys(ack: SipRequest): readonly string[] {
  if (hasMagicCookie(ack.base.via[0].branch)) return [serverKey(ack, 'INVITE')];
  return [serverKey(ack, 'INVITE'), serverKey(ack, 'INVITE', null)];
}

/**
 * RFC 2543 fallback for ACK: "the To tag of the ACK matches the To tag of the response sent by
 * the server transaction". Branches with the cookie are already matched by key.
 */
export function ackMatchesResponse(ack: SipRequest, lastResponse: SipResponse | null): boolean {
  if (hasMagicCookie(ack.base.via[0].branch)) return true;
  return lastResponse !== null && lastResponse.base.to.tag === ack.base.to.tag;
}

function sentBy(via: Via): string {
  return via.port === null ? via.host : `${via.host}:${via.port}`;
}

function paramsKey(params: Params): string {
  return params.map(([name, value]) => (value === null ? `;${name}` : `;${name}=${value}`)).join('');
}

function viaKey(via: Via): string {
  return `${via.protocolName}/${via.protocolVersion}/${via.transport} ${sentBy(via)}${paramsKey(via.params)}`;
}

function uriKey(uri: Uri): string {
  if ('raw' in uri) return uri.raw;
  if ('number' in uri) return `tel:${uri.number}${paramsKey(uri.params)}`;
  const user = uri.user === null ? '' : `${uri.user}@`;
  const port = uri.port === null ? '' : `:${uri.port}`;
  return `${uri.scheme}:${user}${uri.host}${port}${paramsKey(uri.params)}`;
}
