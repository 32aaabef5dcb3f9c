import type { AuthOutcome } from '#sip/contract/handler-events.js';
import type { RouteDeps } from '../route-deps.js';
import type { CallInfo } from './call-state.js';

/** One event's work on one call. */
export interface CallContext {
  readonly deps: RouteDeps;
  readonly call: CallInfo;
  /** The account's auth token: the key of every X-Twilio-Signature (reference §4.2). */
  readonly authToken: string;
  /** TwiML requests this event may still make (`maxTwimlFetchesPerEvent`). */
  readonly budget: { fetchesLeft: number };
  /** The digest outcome of the INVITE being answered; none on call-progress events. */
  readonly auth?: AuthOutcome;
}
