/** Bugs and broken configuration in `functions/` (expected outcomes are Result values instead). */
export class SipEdgeFunctionError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A required environment variable is missing or malformed (thrown once, at cold start). */
export class ConfigError extends SipEdgeFunctionError {}

/** The table holds an item that does not have the shape `functions/shared/store` wrote. */
export class CorruptItemError extends SipEdgeFunctionError {}
