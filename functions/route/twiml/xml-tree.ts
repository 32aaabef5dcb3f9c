import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { err, ok, type Result } from '#functions/shared/result.js';
import { decodeXmlText } from './xml-entities.js';

/** An XML element with its attributes and children in document order; text is entity-decoded. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlNode[];
}

export type XmlNode = XmlElement | { readonly text: string };

const TEXT = '#text';
const CDATA = '#cdata';
const ATTRIBUTES = ':@';

/**
 * preserveOrder keeps verbs in document order. Entities are decoded here (`decodeXmlText`), not by
 * the parser, so that CDATA stays literal and an undeclared entity is an error rather than text.
 */
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: false,
  cdataPropName: CDATA,
});

type RawNode = Record<string, unknown>;

/**
 * Parses a well-formed XML document with exactly one root element. A DOCTYPE is refused outright
 * (even inside a comment): TwiML has no DTD, and refusing it refuses entity expansion ("billion
 * laughs") and external entities before any parsing.
 */
export function parseXmlTree(xml: string): Result<XmlElement, string> {
  if (/<!DOCTYPE/i.test(xml)) return err('DOCTYPE declarations are not allowed');
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    const { msg, line, col } = validation.err;
    return err(`${msg} (line ${line}, column ${col})`);
  }
  let nodes: RawNode[];
  try {
    nodes = parser.parse(xml) as RawNode[];
  } catch (e) {
    return err(e instanceof Error ? e.message : String(e));
  }
  const roots = nodes.filter((node) => !tagOf(node).startsWith('?'));
  const root = roots[0];
  if (roots.length !== 1 || root === undefined) return err('a document has exactly one root element');
  const element = toNode(root);
  if (!element.ok) return element;
  return 'name' in element.value ? ok(element.value) : err('the root is not an element');
}

/** The one key of a preserveOrder node besides its attributes. */
function tagOf(node: RawNode): string {
  return Object.keys(node).find((key) => key !== ATTRIBUTES) ?? '';
}

function toNode(node: RawNode): Result<XmlNode, string> {
  const tag = tagOf(node);
  if (tag === TEXT) {
    const text = decodeXmlText(String(node[TEXT]));
    return text.ok ? ok({ text: text.value }) : text;
  }
  if (tag === CDATA) {
    const parts = node[CDATA] as RawNode[];
    return ok({ text: parts.map((part) => String(part[TEXT] ?? '')).join('') });
  }
  const attributes = new Map<string, string>();
  for (const [name, raw] of Object.entries((node[ATTRIBUTES] ?? {}) as Record<string, unknown>)) {
    const value = String(raw);
    // AttValue excludes "<" (XML 1.0 §2.3); the validator lets it through.
    if (value.includes('<')) return err(`"<" in the value of attribute ${name}`);
    const decoded = decodeXmlText(value);
    if (!decoded.ok) return decoded;
    attributes.set(name, decoded.value);
  }
  const children: XmlNode[] = [];
  for (const child of node[tag] as RawNode[]) {
    if (tagOf(child).startsWith('?')) continue;
    const converted = toNode(child);
    if (!converted.ok) return converted;
    children.push(converted.value);
  }
  return ok({ name: tag, attributes, children });
}

/** The element children of `element`. */
export function elementsOf(element: XmlElement): XmlElement[] {
  return element.children.filter((child): child is XmlElement => 'name' in child);
}

/** The text directly inside `element` (CDATA included), trimmed. */
export function textOf(element: XmlElement): string {
  let text = '';
  for (const child of element.children) if ('text' in child) text += child.text;
  return text.trim();
}
