import { formatHeaderParams, parseParamsOnly } from '../header-params.js';
import { err, ok, type Result } from '../result.js';
import { scanRun, skipWs, TOKEN } from '../syntax.js';
import type { Params } from '../types.js';

/** media-type = m-type SLASH m-subtype *( SEMI m-parameter ) (RFC 3261 §20.15). */
export interface ContentType {
  /** Lower-cased (media types compare case-insensitively). */
  readonly type: string;
  readonly subtype: string;
  readonly params: Params;
}

export function parseContentType(value: string): Result<ContentType> {
  let i = skipWs(value, 0);
  const typeEnd = scanRun(TOKEN, value, i);
  const type = value.slice(i, typeEnd);
  i = skipWs(value, typeEnd);
  if (type.length === 0 || value.charCodeAt(i) !== 0x2f)
    return err(`malformed media type "${value.slice(0, 40)}"`);
  i = skipWs(value, i + 1);
  const subtypeEnd = scanRun(TOKEN, value, i);
  const subtype = value.slice(i, subtypeEnd);
  if (subtype.length === 0) return err(`malformed media type "${value.slice(0, 40)}"`);
  const params = parseParamsOnly(value, subtypeEnd);
  if (!params.ok) return params;
  return ok({ type: type.toLowerCase(), subtype: subtype.toLowerCase(), params: params.value });
}

export function formatContentType(contentType: ContentType): string {
  return `${contentType.type}/${contentType.subtype}${formatHeaderParams(contentType.params)}`;
}
