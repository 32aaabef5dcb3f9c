import { err, ok, type Result } from '#functions/shared/result.js';

/** The five entities every XML processor knows without a declaration (XML 1.0 §4.6). */
const PREDEFINED: ReadonlyMap<string, string> = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['apos', "'"],
  ['quot', '"'],
]);

const REFERENCE = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_:][-A-Za-z0-9_:.]*);|&/g;

/** Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF] (XML 1.0 §2.2). */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

function resolveReference(reference: string): string | null {
  if (reference.startsWith('#')) {
    const code = reference[1] === 'x' ? Number.parseInt(reference.slice(2), 16) : Number(reference.slice(1));
    return isXmlChar(code) ? String.fromCodePoint(code) : null;
  }
  return PREDEFINED.get(reference) ?? null;
}

/**
 * Replaces character references (§4.1) and the predefined entities in text or an attribute value.
 * TwiML has no DTD, so any other entity is undeclared: a well-formedness error (§4.1, WFC: Entity
 * Declared), as is a bare `&`.
 */
export function decodeXmlText(text: string): Result<string, string> {
  if (!text.includes('&')) return ok(text);
  let failure: string | null = null;
  const decoded = text.replace(REFERENCE, (match: string, reference: string | undefined) => {
    const value = reference === undefined ? null : resolveReference(reference);
    if (value === null) failure ??= `undeclared or invalid reference "${match}"`;
    return value ?? '';
  });
  return failure === null ? ok(decoded) : err(failure);
}
