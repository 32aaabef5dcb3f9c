import type { HeaderField } from '#sip/contract/handler-events.js';
import type { SipUri } from '#sip/message/types.js';

/** TwiML documents as values: the verbs of `<Response>` in document order (reference §5). */

export type HttpMethod = 'GET' | 'POST';

/** `statusCallbackEvent` values of the `<Dial>` nouns (reference §5.2). */
export type StatusCallbackEvent = 'initiated' | 'ringing' | 'answered' | 'completed';

/** The call-progress callback every `<Dial>` noun accepts. */
export interface NounCallbacks {
  readonly statusCallback: string | null;
  /** `completed` alone when `statusCallback` is set without `statusCallbackEvent` (reference §5.2). */
  readonly statusCallbackEvents: readonly StatusCallbackEvent[];
  readonly statusCallbackMethod: HttpMethod;
}

export interface SipNoun extends NounCallbacks {
  readonly kind: 'sip';
  /** The target with its `?headers` part removed; parameters such as `transport` are kept. */
  readonly uri: SipUri;
  /** The URI's headers, to add to the outgoing INVITE (reference §5.2): X- headers and UUI. */
  readonly headers: readonly HeaderField[];
  /** Digest credentials toward the far end; both or neither. */
  readonly username: string | null;
  readonly password: string | null;
}

export interface NumberNoun extends NounCallbacks {
  readonly kind: 'number';
  /** E.164, visual separators removed. */
  readonly number: string;
}

export interface ClientNoun extends NounCallbacks {
  readonly kind: 'client';
  readonly identity: string;
}

export type DialNoun = SipNoun | NumberNoun | ClientNoun;

export interface DialVerb {
  readonly kind: 'dial';
  readonly callerId: string | null;
  readonly timeoutSeconds: number;
  readonly timeLimitSeconds: number;
  /** As written: a relative URL resolves against the URL of the document that held it. */
  readonly action: string | null;
  readonly method: HttpMethod;
  /** Dialled simultaneously; the first to answer wins (reference §5.1). */
  readonly nouns: readonly [DialNoun, ...DialNoun[]];
}

export interface RejectVerb {
  readonly kind: 'reject';
  /** `rejected` → SIP 404, `busy` → SIP 486 (reference §3). */
  readonly reason: 'rejected' | 'busy';
}

export interface HangupVerb {
  readonly kind: 'hangup';
}

export interface RedirectVerb {
  readonly kind: 'redirect';
  /** As written: a relative URL resolves against the URL of the document that held it. */
  readonly url: string;
  readonly method: HttpMethod;
}

export interface PauseVerb {
  readonly kind: 'pause';
  readonly lengthSeconds: number;
}

/** Verbs and `<Dial>` nouns that need a media server, which SipEdge does not have. */
export const UNSUPPORTED_VERBS = [
  'Say',
  'Play',
  'Gather',
  'Record',
  'Conference',
  'Enqueue',
  'Leave',
  'Queue',
  'Stream',
  'Connect',
  'Refer',
  'Sms',
  'Message',
  'Echo',
  'Start',
  'Stop',
  'Pay',
  'Application',
  'Sim',
] as const;

export type UnsupportedVerbName = (typeof UNSUPPORTED_VERBS)[number];

export const isUnsupportedVerb = (name: string): name is UnsupportedVerbName =>
  (UNSUPPORTED_VERBS as readonly string[]).includes(name);

/** A verb SipEdge parses but cannot execute: the caller answers with a Warning naming it. */
export interface UnsupportedVerb {
  readonly kind: 'unsupported';
  readonly verb: UnsupportedVerbName;
}

export type TwimlVerb = DialVerb | RejectVerb | HangupVerb | RedirectVerb | PauseVerb | UnsupportedVerb;

export interface TwimlDocument {
  readonly verbs: readonly TwimlVerb[];
}
