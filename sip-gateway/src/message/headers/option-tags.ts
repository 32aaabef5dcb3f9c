import { err, ok, type Result } from '../result.js';
import { parseList } from '../split-list.js';
import { isToken } from '../syntax.js';

/**
 * Supported / Require / Proxy-Require / Unsupported (option-tag lists, RFC 3261 §20.37, §20.32,
 * §20.29, §20.40) and Allow (Method lists, §20.5): comma-separated tokens. An empty value is an
 * empty list (Supported and Allow may be empty).
 */
export function parseOptionTags(value: string): Result<string[]> {
  if (value.trim().length === 0) return ok([]);
  return parseList(value, 'option tag', (tag) =>
    isToken(tag) ? ok(tag) : err(`invalid option tag "${tag}"`),
  );
}

export function formatOptionTags(tags: readonly string[]): string {
  return tags.join(', ');
}
