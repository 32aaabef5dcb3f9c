export { buildBadRequest } from './bad-request.js';
export { type ParseError, type ParseResult, parseMessage } from './parse-message.js';
export { parseStartLine, type StartLine, type StartLineError } from './start-line.js';
