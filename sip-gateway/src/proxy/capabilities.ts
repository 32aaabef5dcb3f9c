/** What this gateway implements, as advertised in Allow, Accept and Supported (RFC 3261 §11.2). */

/** Methods the gateway accepts (answered, handed to a handler, or routed within a dialog). */
export const ALLOWED_METHODS = ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'REGISTER'] as const;

/** Methods defined by RFC 3261 and its extensions that the gateway knows but does not accept. */
export const KNOWN_METHODS = new Set<string>([
  ...ALLOWED_METHODS,
  'INFO',
  'MESSAGE',
  'NOTIFY',
  'PRACK',
  'PUBLISH',
  'REFER',
  'SUBSCRIBE',
  'UPDATE',
]);

/** Option tags the gateway implements; a Require/Proxy-Require outside this set gets 420. */
export const SUPPORTED_OPTION_TAGS: ReadonlySet<string> = new Set<string>();

export const ACCEPTED_CONTENT_TYPES = ['application/sdp'] as const;
