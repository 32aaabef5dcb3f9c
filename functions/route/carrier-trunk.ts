import type { SipUri } from '#sip/message/types.js';
import { parseUri } from '#sip/message/uri/parse-uri.js';
import type { CarrierTrunkEnv } from '../shared/env.js';
import { err, ok, type Result } from '../shared/result.js';

/** The carrier trunk `<Dial><Number>` goes to, checked once when the handler is built. */
export interface CarrierTrunk {
  readonly uri: SipUri;
  readonly credentials: { readonly username: string; readonly password: string } | null;
}

/** A sip/sips URI without a user part (the dialled number becomes it) and credentials both or neither. */
export function parseCarrierTrunk(config: CarrierTrunkEnv): Result<CarrierTrunk, string> {
  const parsed = parseUri(config.uri);
  if (!parsed.ok) return err(`carrier trunk URI "${config.uri}": ${parsed.error}`);
  const uri = parsed.value;
  if (!('host' in uri)) return err(`carrier trunk URI "${config.uri}" is not a sip or sips URI`);
  if (uri.user !== null) return err(`carrier trunk URI "${config.uri}" must not have a user part`);
  const { username, password } = config;
  if ((username === null) !== (password === null))
    return err('carrier trunk username and password go together');
  return ok({
    uri,
    credentials: username === null || password === null ? null : { username, password },
  });
}
