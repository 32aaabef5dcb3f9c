import type { TwimlBinRecord } from '#functions/shared/store/twiml-bin-store.js';
import { TWIML_BIN_SERVE_ROOT } from '#functions/shared/twiml-bin/serve-bin.js';
import { accountBase, rfc2822 } from './representations.js';

export const twimlBinsPath = (accountSid: string) => `${accountBase(accountSid)}/TwimlBins`;

/** SipEdge's TwiML Bin resource; `url` is where the gateway (or anyone with a signature) fetches it. */
export function twimlBinJson(b: TwimlBinRecord, origin: string) {
  return {
    sid: b.sid,
    account_sid: b.accountSid,
    friendly_name: b.friendlyName,
    twiml: b.twiml,
    url: `${origin}/${TWIML_BIN_SERVE_ROOT}/${b.accountSid}/${b.sid}`,
    date_created: rfc2822(b.dateCreated),
    date_updated: rfc2822(b.dateUpdated),
    uri: `${twimlBinsPath(b.accountSid)}/${b.sid}.json`,
  };
}
