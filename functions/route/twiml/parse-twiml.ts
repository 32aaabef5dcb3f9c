import { err, ok, type Result } from '#functions/shared/result.js';
import { parseDial } from './dial-verb.js';
import { attribute, methodAttribute, secondsAttribute } from './twiml-attributes.js';
import { isUnsupportedVerb, type TwimlDocument, type TwimlVerb } from './twiml-document.js';
import { type TwimlError, twimlError } from './twiml-errors.js';
import { DEFAULT_TWIML_LIMITS, type TwimlLimits } from './twiml-limits.js';
import { parseXmlTree, textOf, type XmlElement } from './xml-tree.js';

/**
 * Parses a TwiML document: `<Response>` and its verbs, in order. Not well-formed XML is 12100, a
 * root other than `<Response>` 12102, an unknown verb 12200, a bad attribute value its verb's 13xxx
 * code (`TWIML_ERRORS`). Verbs and attributes are case-sensitive; unknown attributes are ignored.
 */
export function parseTwiml(
  xml: string,
  limits: TwimlLimits = DEFAULT_TWIML_LIMITS,
): Result<TwimlDocument, TwimlError> {
  const tree = parseXmlTree(xml);
  if (!tree.ok) return err(twimlError('documentParseFailure', tree.error));
  const root = tree.value;
  if (root.name !== 'Response')
    return err(twimlError('rootNotResponse', `the root element is <${root.name}>`));
  const verbs: TwimlVerb[] = [];
  for (const child of root.children) {
    if (!('name' in child)) return err(twimlError('schemaValidation', `text "${child.text}" outside a verb`));
    const verb = parseVerb(child, limits);
    if (!verb.ok) return verb;
    verbs.push(verb.value);
  }
  return ok({ verbs });
}

function parseVerb(element: XmlElement, limits: TwimlLimits): Result<TwimlVerb, TwimlError> {
  switch (element.name) {
    case 'Dial':
      return parseDial(element, limits);
    case 'Hangup':
      return ok({ kind: 'hangup' });
    case 'Reject': {
      const reason = attribute(element, 'reason') ?? 'rejected';
      if (reason === 'rejected' || reason === 'busy') return ok({ kind: 'reject', reason });
      return err(twimlError('rejectInvalidReason', `<Reject> reason="${reason}" is not rejected or busy`));
    }
    case 'Redirect': {
      const method = methodAttribute(element, 'method', 'redirectInvalidMethod');
      if (!method.ok) return method;
      const url = textOf(element);
      if (url === '') return err(twimlError('schemaValidation', '<Redirect> has no URL'));
      return ok({ kind: 'redirect', url, method: method.value });
    }
    case 'Pause': {
      const length = secondsAttribute(element, 'length', limits.pauseDefaultSeconds, 0, 'pauseInvalidLength');
      return length.ok ? ok({ kind: 'pause', lengthSeconds: length.value }) : length;
    }
    default:
      if (isUnsupportedVerb(element.name)) return ok({ kind: 'unsupported', verb: element.name });
      return err(twimlError('schemaValidation', `<${element.name}> is not a TwiML verb`));
  }
}
