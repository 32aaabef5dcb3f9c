import { err, ok, type Result } from '#functions/shared/result.js';
import { parseSipNoun } from './sip-noun.js';
import {
  attribute,
  booleanAttribute,
  methodAttribute,
  nounCallbacks,
  secondsAttribute,
} from './twiml-attributes.js';
import type {
  ClientNoun,
  DialNoun,
  DialVerb,
  NumberNoun,
  UnsupportedVerb,
  UnsupportedVerbName,
} from './twiml-document.js';
import { type TwimlError, twimlError } from './twiml-errors.js';
import type { TwimlLimits } from './twiml-limits.js';
import { elementsOf, textOf, type XmlElement } from './xml-tree.js';

const E164 = /^\+[1-9][0-9]{1,14}$/;
/** Visual separators people write in numbers: `+1 (415) 555-0100`. */
const SEPARATORS = /[\s().-]/g;
/** `<Dial>` nouns that need a media server (reference §5.6). */
const UNSUPPORTED_NOUNS: ReadonlySet<UnsupportedVerbName> = new Set([
  'Conference',
  'Queue',
  'Application',
  'Sim',
]);
const isUnsupportedNoun = (name: string): name is UnsupportedVerbName =>
  UNSUPPORTED_NOUNS.has(name as UnsupportedVerbName);
/** callerId of a SIP call: "any alphanumeric string ... +, -, _, ., but no whitespace" (reference §5.1). */
const CALLER_ID = /^[A-Za-z0-9+\-_.]+$/;

/**
 * `<Dial>` with its attributes (reference §5.1) and nouns. A `<Dial>` whose noun needs a media
 * server (`<Conference>`, `<Queue>` …) is that unsupported noun.
 */
export function parseDial(
  element: XmlElement,
  limits: TwimlLimits,
): Result<DialVerb | UnsupportedVerb, TwimlError> {
  const method = methodAttribute(element, 'method', 'dialInvalidMethod');
  if (!method.ok) return method;
  const timeout = secondsAttribute(
    element,
    'timeout',
    limits.dialTimeoutDefaultSeconds,
    1,
    'dialInvalidTimeout',
  );
  if (!timeout.ok) return timeout;
  const timeLimit = secondsAttribute(
    element,
    'timeLimit',
    limits.dialTimeLimitDefaultSeconds,
    1,
    'dialInvalidTimeLimit',
  );
  if (!timeLimit.ok) return timeLimit;
  // answerOnBridge is always in effect: SipEdge answers the caller only when the callee answers.
  const answerOnBridge = booleanAttribute(element, 'answerOnBridge', 'dialInvalidAnswerOnBridge');
  if (!answerOnBridge.ok) return answerOnBridge;
  const callerId = attribute(element, 'callerId');
  if (callerId !== null && !CALLER_ID.test(callerId)) {
    return err(twimlError('dialInvalidCallerId', `<Dial> callerId="${callerId}"`));
  }
  const parsed = parseNouns(element, limits);
  if (!parsed.ok) return parsed;
  if ('kind' in parsed.value) return ok(parsed.value);
  const [first, ...rest] = parsed.value.nouns;
  if (first === undefined) return err(twimlError('schemaValidation', '<Dial> has nothing to dial'));
  if (rest.length + 1 > limits.maxDialNouns) {
    return err(
      twimlError('schemaValidation', `<Dial> has ${rest.length + 1} nouns; at most ${limits.maxDialNouns}`),
    );
  }
  return ok({
    kind: 'dial',
    callerId,
    timeoutSeconds: Math.min(
      Math.max(timeout.value, limits.dialTimeoutMinSeconds),
      limits.dialTimeoutMaxSeconds,
    ),
    timeLimitSeconds: timeLimit.value,
    action: attribute(element, 'action'),
    method: method.value,
    nouns: [first, ...rest],
  });
}

/** The nouns in order; a bare text body (`<Dial>+14155550100</Dial>`) is one `<Number>`. */
function parseNouns(
  element: XmlElement,
  limits: TwimlLimits,
): Result<{ nouns: DialNoun[] } | UnsupportedVerb, TwimlError> {
  const text = textOf(element);
  const children = elementsOf(element);
  if (text !== '' && children.length > 0) {
    return err(twimlError('dialInvalidNestedElement', '<Dial> mixes a text number with nouns'));
  }
  if (text !== '') {
    const number = parseNumber(text, element);
    return number.ok ? ok({ nouns: [number.value] }) : number;
  }
  const nouns: DialNoun[] = [];
  for (const child of children) {
    if (isUnsupportedNoun(child.name)) return ok({ kind: 'unsupported', verb: child.name });
    const noun =
      child.name === 'Sip'
        ? parseSipNoun(child, limits)
        : child.name === 'Number'
          ? parseNumber(textOf(child), child)
          : child.name === 'Client'
            ? parseClient(child, limits)
            : err(twimlError('dialInvalidNestedElement', `<Dial> cannot hold <${child.name}>`));
    if (!noun.ok) return noun;
    nouns.push(noun.value);
  }
  return ok({ nouns });
}

/** An E.164 number, separators allowed; `element` carries the callback attributes. */
function parseNumber(text: string, element: XmlElement): Result<NumberNoun, TwimlError> {
  const number = text.replace(SEPARATORS, '');
  if (!E164.test(number)) return err(twimlError('numberInvalidFormat', `"${text}" is not an E.164 number`));
  const callbacks = nounCallbacks(element, 'numberInvalidMethod');
  return callbacks.ok ? ok({ kind: 'number', number, ...callbacks.value }) : callbacks;
}

/** `<Client>alice</Client>` or `<Client><Identity>alice</Identity>…</Client>` (reference §5.3). */
function parseClient(element: XmlElement, limits: TwimlLimits): Result<ClientNoun, TwimlError> {
  const identityElement = elementsOf(element).find((child) => child.name === 'Identity');
  const identity = identityElement === undefined ? textOf(element) : textOf(identityElement);
  if (identity === '' || identity.length > limits.maxClientIdentityChars) {
    return err(
      twimlError(
        'schemaValidation',
        `<Client> identity must be 1–${limits.maxClientIdentityChars} characters`,
      ),
    );
  }
  const callbacks = nounCallbacks(element, 'schemaValidation');
  return callbacks.ok ? ok({ kind: 'client', identity, ...callbacks.value }) : callbacks;
}
