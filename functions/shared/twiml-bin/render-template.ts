import { err, ok, type Result } from '../result.js';
import { toE164 } from './e164.js';
import { TWIML_BIN_LIMITS, type TwimlBinLimits } from './twiml-bin-limits.js';

/**
 * TwiML Bin templates (reference §5.7), the Mustache subset SipEdge supports:
 * - `{{Name}}`: the request parameter `Name`, XML-escaped; empty when absent.
 * - `{{#e164}}…{{/e164}}`: the E.164 number in what the inside renders to (see e164.ts).
 * Every other tag (`{{#section}}`, `{{{raw}}}`, `{{! comment}}`, partials…) is refused when the
 * template is saved. Values are looked up by name in the parameters only: nothing is evaluated and
 * no object property is ever read, so a template cannot run code or reach a prototype.
 */
export type TemplateNode =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'param'; readonly name: string }
  | { readonly kind: 'e164'; readonly children: readonly TemplateNode[] };

/** Parameter names: RFC 3261 token characters (X- header names) plus `[]` (array parameters). */
const PARAM_NAME = /^[A-Za-z0-9_][A-Za-z0-9_\-.!%*+`'~[\]]*$/;
const OPEN_E164 = /^#\s*e164$/;
const CLOSE_E164 = /^\/\s*e164$/;

export function parseTemplate(
  template: string,
  limits: TwimlBinLimits = TWIML_BIN_LIMITS,
): Result<readonly TemplateNode[], string> {
  if (template.length > limits.maxTemplateChars) {
    return err(`Twiml must be at most ${limits.maxTemplateChars} characters`);
  }
  const root: TemplateNode[] = [];
  const open: TemplateNode[][] = [root];
  let at = 0;
  while (at < template.length) {
    const current = open.at(-1) ?? root;
    const start = template.indexOf('{{', at);
    if (start < 0) {
      current.push({ kind: 'text', text: template.slice(at) });
      break;
    }
    if (start > at) current.push({ kind: 'text', text: template.slice(at, start) });
    const end = template.indexOf('}}', start + 2);
    if (end < 0) return err(`Twiml template: "{{" at character ${start} is never closed`);
    const tag = template.slice(start + 2, end).trim();
    at = end + 2;
    if (OPEN_E164.test(tag)) {
      const children: TemplateNode[] = [];
      current.push({ kind: 'e164', children });
      open.push(children);
    } else if (CLOSE_E164.test(tag)) {
      if (open.length === 1) return err('Twiml template: {{/e164}} without {{#e164}}');
      open.pop();
    } else if (PARAM_NAME.test(tag)) {
      current.push({ kind: 'param', name: tag });
    } else {
      return err(`Twiml template: unsupported tag {{${tag}}} (only {{Name}} and {{#e164}}…{{/e164}})`);
    }
  }
  if (open.length > 1) return err('Twiml template: {{#e164}} is never closed');
  return ok(root);
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Escapes markup characters and drops characters XML 1.0 forbids (XML 1.0 §2.2 `Char`). */
function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

/**
 * Renders `nodes` into at most `budget.left` characters; undefined once over. Inside `{{#e164}}`
 * values are used raw and only the extracted number is escaped.
 */
function renderNodes(
  nodes: readonly TemplateNode[],
  params: URLSearchParams,
  raw: boolean,
  budget: { left: number },
): string | undefined {
  let out = '';
  for (const node of nodes) {
    let piece: string | undefined;
    if (node.kind === 'text') piece = node.text;
    else if (node.kind === 'param') {
      const value = params.get(node.name) ?? '';
      piece = raw ? value : escapeXml(value);
    } else {
      const inner = renderNodes(node.children, params, true, budget);
      piece = inner === undefined ? undefined : escapeXml(toE164(inner));
    }
    if (piece === undefined) return undefined;
    budget.left -= piece.length;
    if (budget.left < 0) return undefined;
    out += piece;
  }
  return out;
}

/** Renders a template with a request's parameters (the first value of a repeated name). */
export function renderTemplate(
  template: string,
  params: URLSearchParams,
  limits: TwimlBinLimits = TWIML_BIN_LIMITS,
): Result<string, string> {
  const nodes = parseTemplate(template, limits);
  if (!nodes.ok) return nodes;
  const rendered = renderNodes(nodes.value, params, false, { left: limits.maxRenderedChars });
  return rendered === undefined
    ? err(`rendered TwiML is longer than ${limits.maxRenderedChars} characters`)
    : ok(rendered);
}
