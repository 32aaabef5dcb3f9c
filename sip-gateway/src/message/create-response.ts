import type { FromTo, RawHeader, SipRequest, SipResponse } from './types.js';

export interface ResponseOptions {
  /** To tag to add when the request's To has none; ignored for 100 (RFC 3261 §8.2.6.2). */
  readonly toTag?: string;
  /** Extra headers, appended after the copied ones. */
  readonly headers?: readonly RawHeader[];
  readonly body?: Uint8Array;
}

const COPIED = new Set(['via', 'v', 'from', 'f', 'to', 't', 'call-id', 'i', 'cseq']);

/**
 * Builds a response to `request` (RFC 3261 §8.2.6.2): Via, From, Call-ID and CSeq are copied,
 * To is copied and gets a tag unless it has one or the status is 100, and a Timestamp is
 * echoed in 100 Trying (§8.2.6.1).
 */
export function createResponse(
  request: SipRequest,
  status: number,
  reason: string,
  options: ResponseOptions = {},
): SipResponse {
  const addTag = status > 100 && request.base.to.tag === null && options.toTag !== undefined;
  const headers: RawHeader[] = [];
  for (const header of request.headers) {
    const name = header.name.toLowerCase();
    if (COPIED.has(name)) {
      const isTo = name === 'to' || name === 't';
      headers.push(
        isTo && addTag ? { name: header.name, value: `${header.value};tag=${options.toTag}` } : header,
      );
    } else if (status === 100 && name === 'timestamp') {
      headers.push(header);
    }
  }
  if (options.headers) headers.push(...options.headers);
  const to: FromTo = addTag
    ? {
        ...request.base.to,
        tag: options.toTag ?? null,
        params: [...request.base.to.params, ['tag', options.toTag ?? null]],
      }
    : request.base.to;
  return {
    kind: 'response',
    version: 'SIP/2.0',
    status,
    reason,
    headers,
    base: { ...request.base, to, maxForwards: null },
    body: options.body ?? new Uint8Array(0),
  };
}
