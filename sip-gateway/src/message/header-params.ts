import { err, ok, type Result } from './result.js';
import { allIn, GEN_VALUE_CHARS, quote, scanQuoted, scanRun, scanTokenCase, skipWs } from './syntax.js';
import type { Params } from './types.js';

/** The parameters of a value that has none (shared: parameter lists are never changed in place). */
export const NO_PARAMS: Params = Object.freeze([]);

/**
 * Parses `*( SEMI generic-param )` from index `i` (RFC 3261 §25.1), allowing LWS around ";" and "="
 * (SEMI and EQUAL are SWS-padded). Names are lower-cased (they compare case-insensitively, §7.3.1);
 * values are kept as written, quoted-strings with their quotes. Returns the params and the index where
 * they end (the first character that is neither whitespace nor a parameter).
 */
export function parseHeaderParams(s: string, i: number): Result<{ params: Params; end: number }> {
  let j = skipWs(s, i);
  if (s.charCodeAt(j) !== 0x3b) return ok({ params: NO_PARAMS, end: j });
  const params: Array<readonly [string, string | null]> = [];
  while (s.charCodeAt(j) === 0x3b) {
    j = skipWs(s, j + 1);
    const scanned = scanTokenCase(s, j);
    const nameEnd = scanned < 0 ? ~scanned : scanned;
    if (nameEnd === j) return err(`empty parameter at "${s.slice(j, j + 16)}"`);
    const name = scanned < 0 ? s.slice(j, nameEnd).toLowerCase() : s.slice(j, nameEnd);
    j = nameEnd;
    let c = s.charCodeAt(j);
    if (c === 0x20 || c === 0x09) {
      j = skipWs(s, j);
      c = s.charCodeAt(j);
    }
    if (c !== 0x3d) {
      params.push([name, null]);
      continue;
    }
    j = skipWs(s, j + 1);
    const valueEnd = s.charCodeAt(j) === 0x22 ? scanQuoted(s, j) : scanRun(GEN_VALUE_CHARS, s, j);
    if (valueEnd === -1) return err(`unterminated quoted value for parameter "${name}"`);
    if (valueEnd === j) return err(`missing value for parameter "${name}"`);
    params.push([name, s.slice(j, valueEnd)]);
    j = valueEnd;
    c = s.charCodeAt(j);
    if (c === 0x20 || c === 0x09) j = skipWs(s, j);
  }
  return ok({ params, end: j });
}

/** Parses a complete `*( SEMI generic-param )` string, rejecting trailing garbage. */
export function parseParamsOnly(s: string, i: number): Result<Params> {
  const parsed = parseHeaderParams(s, i);
  if (!parsed.ok) return parsed;
  if (parsed.value.end !== s.length)
    return err(`unexpected "${s.slice(parsed.value.end, parsed.value.end + 16)}"`);
  return ok(parsed.value.params);
}

/** `;name=value` for each parameter; values are written as stored. */
export function formatHeaderParams(params: Params): string {
  let out = '';
  for (const [name, value] of params) out += value === null ? `;${name}` : `;${name}=${value}`;
  return out;
}

/** Value of the first parameter called `name` (lower-case): undefined when absent, null when valueless. */
export function getParam(params: Params, name: string): string | null | undefined {
  for (let k = 0; k < params.length; k++) {
    const param = params[k] as readonly [string, string | null];
    if (param[0] === name) return param[1];
  }
  return undefined;
}

/** Returns `params` with `name` set to `value` (replacing the first occurrence in place, else appended). */
export function setParam(params: Params, name: string, value: string | null): Params {
  const index = params.findIndex(([n]) => n === name);
  if (index === -1) return [...params, [name, value]];
  return params.map((p, k) => (k === index ? ([name, value] as const) : p));
}

/** Returns `params` without any parameter called `name`. */
export function deleteParam(params: Params, name: string): Params {
  return params.filter(([n]) => n !== name);
}

/** A parameter value as a gen-value: tokens/hosts as they are, anything else as a quoted-string. */
export function genValue(text: string): string {
  return allIn(GEN_VALUE_CHARS, text) ? text : quote(text);
}
