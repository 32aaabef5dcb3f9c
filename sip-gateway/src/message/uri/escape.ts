import { inTable } from '../syntax.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x57;
  return -1;
}

/**
 * Decodes `%HH` escapes once (RFC 3261 §19.1.2; never recursively, RFC 4475 §3.1.1.2). Runs of
 * escaped octets are read as UTF-8, or octet by octet when they are not valid UTF-8.
 * Returns null when a `%` is not followed by two hex digits.
 */
export function unescapeUriPart(text: string): string | null {
  if (!text.includes('%')) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text.charCodeAt(i) !== 0x25) {
      out += text[i];
      i++;
      continue;
    }
    const octets: number[] = [];
    while (i < text.length && text.charCodeAt(i) === 0x25) {
      const high = hexValue(text.charCodeAt(i + 1));
      const low = hexValue(text.charCodeAt(i + 2));
      if (high < 0 || low < 0) return null;
      octets.push(high * 16 + low);
      i += 3;
    }
    try {
      out += utf8.decode(new Uint8Array(octets));
    } catch {
      out += String.fromCharCode(...octets);
    }
  }
  return out;
}

/** Escapes every character outside `allowed` (and `%` itself) as UTF-8 `%HH` octets. */
export function escapeUriPart(text: string, allowed: Uint8Array): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code !== 0x25 && inTable(allowed, code)) out += ch;
    else if (code < 0x80) out += `%${code.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += encodeURIComponent(ch);
  }
  return out;
}
