import { err, ok, type Result } from '#functions/shared/result.js';
import type { HttpMethod, NounCallbacks, StatusCallbackEvent } from './twiml-document.js';
import { type TwimlError, type TwimlErrorCode, twimlError } from './twiml-errors.js';
import type { XmlElement } from './xml-tree.js';

/** Readers for the attribute types TwiML shares across verbs; attributes are case-sensitive. */

/** The attribute's value, trimmed; null when absent or blank. */
export function attribute(element: XmlElement, name: string): string | null {
  const value = element.attributes.get(name)?.trim();
  return value === undefined || value === '' ? null : value;
}

/** `GET` or `POST` (any case), POST when absent. */
export function methodAttribute(
  element: XmlElement,
  name: string,
  code: TwimlErrorCode,
): Result<HttpMethod, TwimlError> {
  const value = attribute(element, name)?.toUpperCase() ?? 'POST';
  if (value === 'GET' || value === 'POST') return ok(value);
  return err(
    twimlError(code, `<${element.name}> ${name}="${element.attributes.get(name)}" is not GET or POST`),
  );
}

/** `true` or `false`; null when absent. */
export function booleanAttribute(
  element: XmlElement,
  name: string,
  code: TwimlErrorCode,
): Result<boolean | null, TwimlError> {
  const value = attribute(element, name);
  if (value === null || value === 'true' || value === 'false')
    return ok(value === null ? null : value === 'true');
  return err(twimlError(code, `<${element.name}> ${name}="${value}" is not true or false`));
}

/** A whole number of seconds of at least `min`; `fallback` when absent. */
export function secondsAttribute(
  element: XmlElement,
  name: string,
  fallback: number,
  min: number,
  code: TwimlErrorCode,
): Result<number, TwimlError> {
  const value = attribute(element, name);
  if (value === null) return ok(fallback);
  const seconds = /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
  if (seconds >= min) return ok(seconds);
  return err(twimlError(code, `<${element.name}> ${name}="${value}" is not a whole number ≥ ${min}`));
}

const EVENTS: readonly StatusCallbackEvent[] = ['initiated', 'ringing', 'answered', 'completed'];

const isEvent = (value: string): value is StatusCallbackEvent =>
  (EVENTS as readonly string[]).includes(value);

/** statusCallback, statusCallbackEvent (space-separated) and statusCallbackMethod (reference §5.2). */
export function nounCallbacks(
  element: XmlElement,
  methodCode: TwimlErrorCode,
): Result<NounCallbacks, TwimlError> {
  const method = methodAttribute(element, 'statusCallbackMethod', methodCode);
  if (!method.ok) return method;
  const statusCallback = attribute(element, 'statusCallback');
  const events = [...new Set(attribute(element, 'statusCallbackEvent')?.split(/\s+/) ?? [])];
  const unknown = events.find((event) => !isEvent(event));
  if (unknown !== undefined) {
    return err(
      twimlError('schemaValidation', `<${element.name}> statusCallbackEvent "${unknown}" is unknown`),
    );
  }
  return ok({
    statusCallback,
    statusCallbackEvents:
      events.length === 0 && statusCallback !== null ? ['completed'] : events.filter(isEvent),
    statusCallbackMethod: method.value,
  });
}
