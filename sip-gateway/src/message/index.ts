export * from './accessors.js';
export { extractBaseHeaders } from './base-headers.js';
export { createResponse, type ResponseOptions } from './create-response.js';
export { canonicalHeaderName, compactHeaderName, headerKey, isListHeader } from './header-names.js';
export {
  deleteParam,
  formatHeaderParams,
  genValue,
  getParam,
  parseHeaderParams,
  setParam,
} from './header-params.js';
export * from './headers/auth-params.js';
export * from './headers/authentication-info.js';
export * from './headers/challenge.js';
export * from './headers/contact.js';
export * from './headers/content-length.js';
export * from './headers/content-type.js';
export * from './headers/credentials.js';
export * from './headers/cseq.js';
export * from './headers/expires.js';
export * from './headers/max-forwards.js';
export * from './headers/name-addr.js';
export * from './headers/option-tags.js';
export * from './headers/reason.js';
export * from './headers/route.js';
export * from './headers/via.js';
export { err, ok, type Result } from './result.js';
export { formatStartLine, serializeMessage } from './serialize-message.js';
export { splitList } from './split-list.js';
export type * from './types.js';
export * from './update.js';
export { formatUri } from './uri/format-uri.js';
export { parseUri } from './uri/parse-uri.js';
export { uriEquals } from './uri/uri-equals.js';
