import { withHeaderValues } from '../message/header-lines.js';
import { getParam } from '../message/header-params.js';
import { getHeaderValues, parseRouteEntry, withRequestUri } from '../message/index.js';
import { err, ok, type Result } from '../message/result.js';
import type { SipRequest, SipUri, Uri } from '../message/types.js';

/** True when a URI names this gateway (its host and one of its ports). */
export type IsOwnUri = (uri: Uri) => uri is SipUri;

export interface PreprocessedRoute {
  /** The request with this gateway's own route entries removed (and the Request-URI restored). */
  readonly request: SipRequest;
  /** The entries this gateway removed, in the order they were met; their users carry flow tokens. */
  readonly popped: readonly SipUri[];
  /** Route values left after ours, as written. */
  readonly remaining: readonly string[];
}

/**
 * Route information preprocessing, RFC 3261 §16.4. A strict router before us put our Record-Route
 * URI in the Request-URI: "the proxy MUST replace the Request-URI in the request with the last value
 * from the Route header field, and remove that value". Then "if the first value in the Route header
 * field indicates this proxy, the proxy MUST remove that value"; with double Record-Route
 * (RFC 5658 §4) the next value may be ours too, so every leading value of ours is removed.
 */
export function preprocessRoute(request: SipRequest, isOwnUri: IsOwnUri): Result<PreprocessedRoute> {
  const values = getHeaderValues(request, 'route');
  const uris: Uri[] = [];
  for (const value of values) {
    const entry = parseRouteEntry(value);
    if (!entry.ok) return err(`Bad Route header: ${entry.error}`);
    uris.push(entry.value.uri);
  }
  const popped: SipUri[] = [];
  let current = request;
  let remaining = values;
  const last = uris.at(-1);
  if (last !== undefined && isOwnUri(request.uri) && getParam(request.uri.params, 'lr') !== undefined) {
    popped.push(request.uri);
    current = withRequestUri(current, last);
    remaining = remaining.slice(0, -1);
    uris.pop();
  }
  let skip = 0;
  for (const uri of uris) {
    if (!isOwnUri(uri)) break;
    popped.push(uri);
    skip++;
  }
  remaining = remaining.slice(skip);
  if (remaining.length !== values.length) current = withHeaderValues(current, 'Route', remaining);
  return ok({ request: current, popped, remaining });
}
