import { getContacts, getExpires, getHeaderValue, getHeaderValues } from '#sip/message/accessors.js';
import type { ContactList } from '#sip/message/headers/contact.js';
import type { SipRequest } from '#sip/message/types.js';
import { err, ok, type Result } from '../shared/result.js';

/** What a REGISTER asks of the registrar (RFC 3261 §10.2). */
export interface RegisterRequest {
  /** null: no Contact, a query of the current bindings (§10.2.3). */
  readonly contacts: ContactList | null;
  readonly expiresHeader: number | null;
  readonly callId: string;
  readonly cseq: number;
  /** Path values (RFC 3327 §5.3), stored with each binding. */
  readonly path: readonly string[];
  readonly userAgent: string | null;
}

/** Reads the registration fields; a Contact or Expires that does not parse is a 400. */
export function readRegisterRequest(
  request: SipRequest,
): Result<RegisterRequest, 'invalidContact' | 'invalidExpires'> {
  const contacts = getContacts(request);
  if (!contacts.ok) return err('invalidContact');
  const expires = getExpires(request, 'expires');
  if (!expires.ok) return err('invalidExpires');
  return ok({
    contacts: contacts.value,
    expiresHeader: expires.value,
    callId: request.base.callId,
    cseq: request.base.cseq.seq,
    path: getHeaderValues(request, 'path'),
    userAgent: getHeaderValue(request, 'user-agent'),
  });
}
