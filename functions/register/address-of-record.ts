import type { Uri } from '#sip/message/types.js';
import { formatUri } from '#sip/message/uri/format-uri.js';
import { err, ok, type Result } from '../shared/result.js';
import { domainNameOf } from './register-domain.js';

export interface AddressOfRecord {
  readonly user: string;
  /** `sip:user@domain`, with the global domain name even when the To URI names an edge. */
  readonly aor: string;
}

/**
 * RFC 3261 §10.3 step 5: the AOR is the To URI; it must name a user of the Request-URI's domain,
 * otherwise 404.
 */
export function addressOfRecord(
  to: Uri,
  domainName: string,
  zone: string,
): Result<AddressOfRecord, 'aorNotInDomain'> {
  if (!('user' in to) || !to.user || domainNameOf(to, zone) !== domainName) return err('aorNotInDomain');
  const aor = formatUri({
    scheme: 'sip',
    user: to.user,
    password: null,
    host: domainName,
    port: null,
    params: [],
    headers: [],
  });
  return ok({ user: to.user, aor });
}
