import { DEFAULT_WEBHOOK_LIMITS, type WebhookLimits } from './webhook/webhook-limits.js';

/** Every limit of the route handler, with units in the names. */
export interface RouteSettings {
  /**
   * TwiML documents one event may request (voice URL, `<Redirect>`s, `<Dial action>`): ends
   * `<Redirect>` loops. Twilio documents no number; past it the call fails with alert 11215.
   */
  readonly maxTwimlFetchesPerEvent: number;
  /** Branches of one `<Dial>`: the handler contract's limit (Twilio: ten nouns, reference §5.1). */
  readonly maxDialTargets: number;
  readonly webhook: WebhookLimits;
}

export const ROUTE_DEFAULTS: RouteSettings = {
  maxTwimlFetchesPerEvent: 10,
  maxDialTargets: 10,
  webhook: DEFAULT_WEBHOOK_LIMITS,
};
