import { SipEdgeFunctionError } from '../../shared/errors.js';
import type { HttpMethod } from '../twiml/twiml-document.js';
import type { WebhookTarget } from '../webhook/webhook-request.js';

/** What every step of a call needs to know about it; fixed when the INVITE is admitted. */
export interface CallInfo {
  readonly callSid: string;
  readonly accountSid: string;
  readonly domainSid: string;
  readonly domainName: string;
  readonly from: string;
  readonly to: string;
  /** The INVITE's Call-ID, which a proxy keeps on every branch (RFC 3261 §16.6 step 1). */
  readonly sipCallId: string;
  /** The standard and SIP parameters of every request about the call (reference §4.1). */
  readonly params: Readonly<Record<string, string>>;
  /** The domain's `voice_status_callback_url`. */
  readonly statusCallback: WebhookTarget | null;
}

/** A `<Dial>` whose branches the gateway is ringing. */
export interface PendingDial {
  /** `action`, resolved against the URL of its document. */
  readonly action: WebhookTarget | null;
  /** The first noun dialled: the To of the child leg. */
  readonly to: string;
  readonly startedAtMs: number;
}

/** The verbs after the `<Dial>`: its document, re-parsed when needed, and where to resume. */
export interface RestOfDocument {
  readonly twiml: string;
  readonly url: string;
  readonly method: HttpMethod;
  readonly next: number;
}

/** The ProxyResult's `continuation`, as JSON: the handler keeps no state between events. */
export interface Continuation {
  readonly v: 1;
  readonly call: CallInfo;
  readonly dial: PendingDial;
  readonly rest: RestOfDocument | null;
}

export const encodeContinuation = (continuation: Continuation): string => JSON.stringify(continuation);

type Shape = Record<string, unknown>;
const isShape = (v: unknown): v is Shape => typeof v === 'object' && v !== null;
const isMethod = (v: unknown): v is HttpMethod => v === 'GET' || v === 'POST';
const isTarget = (v: unknown) => isShape(v) && typeof v.url === 'string' && isMethod(v.method);
const strings = (v: Shape, names: readonly string[]) => names.every((name) => typeof v[name] === 'string');
const isParams = (v: unknown) => isShape(v) && Object.values(v).every((value) => typeof value === 'string');

function isCallInfo(v: unknown): v is CallInfo {
  return (
    isShape(v) &&
    strings(v, ['callSid', 'accountSid', 'domainSid', 'domainName', 'from', 'to', 'sipCallId']) &&
    isParams(v.params) &&
    (v.statusCallback === null || isTarget(v.statusCallback))
  );
}

const isPendingDial = (v: unknown): v is PendingDial =>
  isShape(v) &&
  (v.action === null || isTarget(v.action)) &&
  typeof v.to === 'string' &&
  typeof v.startedAtMs === 'number';

const isRest = (v: unknown): v is RestOfDocument =>
  isShape(v) && strings(v, ['twiml', 'url']) && isMethod(v.method) && Number.isInteger(v.next);

/** The continuation the gateway returned unchanged; anything else is a bug, not a caller's error. */
export function decodeContinuation(text: string): Continuation {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SipEdgeFunctionError('call-progress continuation is not JSON', { cause: error });
  }
  if (
    isShape(value) &&
    value.v === 1 &&
    isCallInfo(value.call) &&
    isPendingDial(value.dial) &&
    (value.rest === null || isRest(value.rest))
  ) {
    return value as unknown as Continuation;
  }
  throw new SipEdgeFunctionError('call-progress continuation does not have the route handler shape');
}
