/** Outcome of parsing or validating input: expected failures are values, not exceptions. */
export type Result<T, E = string> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function err<E = string>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}
