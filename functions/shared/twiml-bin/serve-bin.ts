import { constantTimeEqual } from '../constant-time-equal.js';
import { err, type Result } from '../result.js';
import { getAccount } from '../store/account-store.js';
import type { AuthDirectory } from '../store/auth-directory.js';
import type { StoreContext } from '../store/store-context.js';
import { getTwimlBin } from '../store/twiml-bin-store.js';
import { renderBin, type TwimlBinError } from './bin-reply.js';
import { acceptedTwilioSignatures } from './twilio-signature.js';

/** Bins are served, without Basic auth, at `<origin>/twiml-bins/{AccountSid}/{TwimlBinSid}`. */
export const TWIML_BIN_SERVE_ROOT = 'twiml-bins';

/** Where serving a bin reads the account (its auth token checks the signature) and the bin. */
export type TwimlBinSource = Pick<AuthDirectory, 'account' | 'twimlBin'>;

/** Reads straight from the table, as the admin API does (no cache: it just wrote what it serves). */
export const tableBinSource = (store: StoreContext): TwimlBinSource => ({
  account: (accountSid) => getAccount(store, accountSid),
  twimlBin: (accountSid, binSid) => getTwimlBin(store, accountSid, binSid),
});

/** A request for a bin's TwiML. */
export interface TwimlBinFetch {
  readonly method: string;
  readonly accountSid: string;
  readonly binSid: string;
  /** The full URL requested (origin, path and query string): what the signature covers. */
  readonly url: string;
  readonly query: URLSearchParams;
  readonly form: URLSearchParams;
  readonly signature: string | undefined;
}

/**
 * Serves a bin: no Basic auth, but a valid `X-Twilio-Signature` made with the account's auth token
 * (reference §4.2: POST parameters signed after the URL; a GET signs the URL and its query alone).
 * The signature is checked before the bin is looked up, so unsigned requests learn nothing.
 * The template sees the query parameters, then the form body's.
 */
export async function serveTwimlBin(
  source: TwimlBinSource,
  request: TwimlBinFetch,
): Promise<Result<string, TwimlBinError>> {
  if (request.method !== 'GET' && request.method !== 'POST') {
    return err({ failure: 'methodNotAllowed', message: 'TwiML Bins answer GET and POST' });
  }
  const account = await source.account(request.accountSid);
  // Only a POST's body is signed, so only a POST's body reaches the template.
  const form = request.method === 'POST' ? request.form : new URLSearchParams();
  const valid =
    account !== undefined &&
    request.signature !== undefined &&
    acceptedTwilioSignatures(account.authToken, request.url, form).some((expected) =>
      constantTimeEqual(request.signature ?? '', expected),
    );
  if (!valid) return err({ failure: 'forbidden', message: 'X-Twilio-Signature is missing or invalid' });
  const bin = await source.twimlBin(request.accountSid, request.binSid);
  return renderBin(bin, request.binSid, request.query, form);
}
