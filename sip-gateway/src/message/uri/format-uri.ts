import { HEADER_CHARS, PARAM_CHARS, PASSWORD_CHARS, USER_CHARS } from '../syntax.js';
import type { Params, Uri } from '../types.js';
import { escapeUriPart } from './escape.js';

/** Serializes a URI, %-escaping what each component's grammar does not allow (RFC 3261 §19.1.2). */
export function formatUri(uri: Uri): string {
  if ('raw' in uri) return uri.raw;
  if (uri.scheme === 'tel') return `tel:${uri.number}${formatUriParams(uri.params)}`;
  let out = `${uri.scheme}:`;
  if (uri.user !== null) {
    out += escapeUriPart(uri.user, USER_CHARS);
    if (uri.password !== null) out += `:${escapeUriPart(uri.password, PASSWORD_CHARS)}`;
    out += '@';
  }
  out += uri.host;
  if (uri.port !== null) out += `:${uri.port}`;
  out += formatUriParams(uri.params);
  if (uri.headers.length > 0) {
    out += `?${uri.headers
      .map(
        ([name, value]) => `${escapeUriPart(name, HEADER_CHARS)}=${escapeUriPart(value ?? '', HEADER_CHARS)}`,
      )
      .join('&')}`;
  }
  return out;
}

function formatUriParams(params: Params): string {
  let out = '';
  for (const [name, value] of params) {
    out += `;${escapeUriPart(name, PARAM_CHARS)}`;
    if (value !== null) out += `=${escapeUriPart(value, PARAM_CHARS)}`;
  }
  return out;
}
