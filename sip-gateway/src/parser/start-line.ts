import { err, ok, type Result } from '#sip/message/result.js';
import { isToken } from '#sip/message/syntax.js';
import type { Uri } from '#sip/message/types.js';
import { parseUriIn } from '#sip/message/uri/parse-uri.js';

export type StartLine =
  | { readonly kind: 'request'; readonly method: string; readonly uri: Uri; readonly version: string }
  | { readonly kind: 'response'; readonly status: number; readonly reason: string; readonly version: string };

export interface StartLineError {
  readonly kind: 'request' | 'response' | 'unknown';
  readonly reason: string;
  /** The method when the line is recognizably a request. */
  readonly method: string | null;
}

/** SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT; "SIP" is case-insensitive (RFC 3261 §7.1, §25.1). */
const VERSION = /^SIP\/\d+\.\d+$/i;
const TRAILING_VERSION = / SIP\/\d+\.\d+\s*$/i;

const SIP_2_0 = 'SIP/2.0';

function isVersion(version: string): boolean {
  return version === SIP_2_0 || VERSION.test(version);
}

function normalizeVersion(version: string): string {
  return version === SIP_2_0 ? SIP_2_0 : `SIP${version.slice(3)}`;
}

/** "SIP/" in any case at the start of `line` (§7.1: SIP-Version is case-insensitive). */
function startsWithSipSlash(line: string): boolean {
  return (
    line.length >= 4 &&
    (line.charCodeAt(0) | 0x20) === 0x73 &&
    (line.charCodeAt(1) | 0x20) === 0x69 &&
    (line.charCodeAt(2) | 0x20) === 0x70 &&
    line.charCodeAt(3) === 0x2f
  );
}

/**
 * Request-Line = Method SP Request-URI SP SIP-Version (§7.1, single SP separators, RFC 4475
 * §3.1.2.8-9 cases rejected); Status-Line = SIP-Version SP Status-Code SP Reason-Phrase (§7.2).
 */
export function parseStartLine(line: string): Result<StartLine, StartLineError> {
  if (startsWithSipSlash(line)) return parseStatusLine(line);
  const sp1 = line.indexOf(' ');
  const method = sp1 === -1 ? line : line.slice(0, sp1);
  if (!(line.endsWith(' SIP/2.0') || TRAILING_VERSION.test(line)) || !isToken(method)) {
    return err({ kind: 'unknown', reason: 'Bad Request-Line: not a SIP request or response', method: null });
  }
  const sp2 = line.indexOf(' ', sp1 + 1);
  if (sp2 === -1 || line.indexOf(' ', sp2 + 1) !== -1 || sp2 === sp1 + 1) {
    return requestError(method, 'elements must be separated by single SP with no trailing whitespace');
  }
  const version = line.slice(sp2 + 1);
  if (!isVersion(version)) return requestError(method, `bad SIP-Version "${version}"`);
  const uri = parseUriIn(line, sp1 + 1, sp2);
  if (!uri.ok) return requestError(method, `bad Request-URI: ${uri.error}`);
  // Table 1 (§19.1.1): headers are not allowed in a Request-URI (RFC 4475 §3.1.2.10).
  if ('headers' in uri.value && uri.value.headers.length > 0) {
    return requestError(method, 'header components are not allowed in a Request-URI');
  }
  return ok({ kind: 'request', method, uri: uri.value, version: normalizeVersion(version) });
}

function requestError(method: string, reason: string): Result<StartLine, StartLineError> {
  return err({ kind: 'request', reason: `Bad Request-Line: ${reason}`, method });
}

function statusError(reason: string): Result<StartLine, StartLineError> {
  return err({ kind: 'response', reason: `Bad Status-Line: ${reason}`, method: null });
}

function parseStatusLine(line: string): Result<StartLine, StartLineError> {
  const sp = line.indexOf(' ');
  const version = sp === -1 ? line : line.slice(0, sp);
  if (!isVersion(version)) return statusError(`bad SIP-Version "${version.slice(0, 16)}"`);
  const hundreds = digitAt(line, sp + 1);
  const tens = digitAt(line, sp + 2);
  const units = digitAt(line, sp + 3);
  const after = line.charCodeAt(sp + 4);
  // Status-Code = 3DIGIT in 100-699 (§7.2, §21); RFC 4475 §3.1.2.17 (bigcode) must be dropped.
  if (
    sp === -1 ||
    hundreds < 1 ||
    hundreds > 6 ||
    tens < 0 ||
    units < 0 ||
    (sp + 4 < line.length && after !== 0x20)
  ) {
    return statusError(`bad Status-Code "${line.slice(sp + 1, sp + 13)}"`);
  }
  return ok({
    kind: 'response',
    status: hundreds * 100 + tens * 10 + units,
    // A missing SP before an empty Reason-Phrase is accepted (RFC 4475 §3.1.1.13).
    reason: line.slice(sp + 5),
    version: normalizeVersion(version),
  });
}

/** The decimal digit at `i`, or -1. */
function digitAt(line: string, i: number): number {
  const digit = line.charCodeAt(i) - 0x30;
  return digit >= 0 && digit <= 9 ? digit : -1;
}
