/**
 * SIP message values (RFC 3261 §7). Everything here is immutable data: a received message is
 * never changed; changes go through functions that return new values.
 */

/** URI parameters keep their order; a parameter without a value maps to null (e.g. `;lr`). */
export type Params = ReadonlyArray<readonly [name: string, value: string | null]>;

/** sip: / sips: URI (RFC 3261 §19.1). Escaped octets are decoded in user/password/params/headers. */
export interface SipUri {
  readonly scheme: 'sip' | 'sips';
  readonly user: string | null;
  readonly password: string | null;
  /** Host as written, lower-cased; IPv6 references keep their brackets: `[2001:db8::1]`. */
  readonly host: string;
  readonly port: number | null;
  readonly params: Params;
  readonly headers: Params;
}

/** tel: URI (RFC 3966). */
export interface TelUri {
  readonly scheme: 'tel';
  readonly number: string;
  readonly params: Params;
}

/** Any other absolute URI (RFC 3261 §25.1 absoluteURI), kept verbatim. */
export interface OtherUri {
  readonly scheme: string;
  readonly raw: string;
}

export type Uri = SipUri | TelUri | OtherUri;

/** One Via value (RFC 3261 §20.42, §18.2.1, RFC 3581). */
export interface Via {
  /** `SIP/2.0/UDP` → protocolName 'SIP', protocolVersion '2.0', transport 'UDP' (upper-cased). */
  readonly protocolName: string;
  readonly protocolVersion: string;
  readonly transport: string;
  /** sent-by host, lower-cased; IPv6 references keep their brackets. */
  readonly host: string;
  readonly port: number | null;
  /** All parameters in order (branch, received, rport, maddr, ttl and extensions). */
  readonly params: Params;
  readonly branch: string | null;
  readonly received: string | null;
  /** `;rport` without a value → true; `;rport=1234` → 1234; absent → null (RFC 3581). */
  readonly rport: number | true | null;
  readonly maddr: string | null;
  readonly ttl: number | null;
}

/** name-addr or addr-spec with header params (From, To, Contact, Route, Record-Route, Path). */
export interface NameAddr {
  readonly displayName: string | null;
  readonly uri: Uri;
  readonly params: Params;
}

export interface FromTo extends NameAddr {
  readonly tag: string | null;
}

export interface CSeq {
  readonly seq: number;
  readonly method: string;
}

/** A header line exactly as received: name as written, value unfolded and trimmed. */
export interface RawHeader {
  readonly name: string;
  readonly value: string;
}

/** The mandatory headers, parsed and validated once (RFC 3261 §8.1.1). */
export interface BaseHeaders {
  readonly via: readonly [Via, ...Via[]];
  readonly from: FromTo;
  readonly to: FromTo;
  readonly callId: string;
  readonly cseq: CSeq;
  /** Absent in responses and in some requests; requests without it are treated as 70 by proxies. */
  readonly maxForwards: number | null;
}

interface MessageCommon {
  /** Every header in received order, compact names as received (see `headerName` helpers). */
  readonly headers: readonly RawHeader[];
  readonly base: BaseHeaders;
  readonly body: Uint8Array;
}

export interface SipRequest extends MessageCommon {
  readonly kind: 'request';
  readonly method: string;
  readonly uri: Uri;
  readonly version: string;
}

export interface SipResponse extends MessageCommon {
  readonly kind: 'response';
  readonly status: number;
  readonly reason: string;
  readonly version: string;
}

export type SipMessage = SipRequest | SipResponse;
