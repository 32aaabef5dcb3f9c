import type { DialVerb, TwimlVerb, UnsupportedVerbName } from '../twiml/twiml-document.js';

/** What the call does next, from a position in a TwiML document. */
export type NextStep =
  | { readonly kind: 'end'; readonly ending: 'rejectBusy' | 'rejectRejected' | 'hangup' }
  | { readonly kind: 'unsupported'; readonly verb: UnsupportedVerbName }
  | { readonly kind: 'redirect'; readonly url: string; readonly method: 'GET' | 'POST' }
  /** `delayMs`: the `<Pause>`s just before the `<Dial>`; `next`: the verb after it. */
  | { readonly kind: 'dial'; readonly dial: DialVerb; readonly delayMs: number; readonly next: number };

/**
 * Runs the verbs from `from` until one that needs the outside world: `<Pause>` only adds a delay to
 * what follows, and a document that runs out hangs up (Twilio: "if there are no more verbs, the
 * call ends").
 */
export function nextStep(verbs: readonly TwimlVerb[], from: number): NextStep {
  let delayMs = 0;
  for (let i = from; i < verbs.length; i++) {
    const verb = verbs[i] as TwimlVerb;
    switch (verb.kind) {
      case 'pause':
        delayMs += verb.lengthSeconds * 1000;
        break;
      case 'dial':
        return { kind: 'dial', dial: verb, delayMs, next: i + 1 };
      case 'redirect':
        return { kind: 'redirect', url: verb.url, method: verb.method };
      case 'reject':
        return { kind: 'end', ending: verb.reason === 'busy' ? 'rejectBusy' : 'rejectRejected' };
      case 'hangup':
        return { kind: 'end', ending: 'hangup' };
      case 'unsupported':
        return { kind: 'unsupported', verb: verb.verb };
    }
  }
  return { kind: 'end', ending: 'hangup' };
}
