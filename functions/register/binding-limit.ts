import { err, ok, type Result } from '../shared/result.js';
import type { BindingContact } from '../shared/store/binding-store.js';
import { mergeBindings } from './merged-bindings.js';
import type { RegistrarSettings } from './registrar-settings.js';

export interface EdgeBindingsAfter {
  /** This edge's bindings the request left alone. */
  readonly kept: readonly BindingContact[];
  /** This edge's bindings the request wrote. */
  readonly written: readonly BindingContact[];
  readonly otherEdges: readonly BindingContact[];
  /** The merged count before the request. */
  readonly countBefore: number;
}

/**
 * Twilio (reference §6.4): at most `maxBindingsPerAor` bindings per AOR, counted across every edge;
 * the attempt that would add one more is refused (32007), or with `evict-soonest` the kept bindings
 * of this edge that expire soonest make room (only this edge's item may be written). A request that
 * does not raise the count is never refused, even when edges together went over the limit.
 */
export function enforceBindingLimit(
  after: EdgeBindingsAfter,
  settings: RegistrarSettings,
): Result<readonly BindingContact[], 'tooManyBindings'> {
  const limit = Math.max(settings.maxBindingsPerAor, after.countBefore);
  const evictionOrder = [...after.kept].sort((a, b) => a.expiresAtMs - b.expiresAtMs);
  const evicted = new Set<BindingContact>();
  for (;;) {
    const edge = [...after.kept.filter((b) => !evicted.has(b)), ...after.written];
    if (mergeBindings(edge, after.otherEdges).length <= limit) return ok(edge);
    const next = evictionOrder[evicted.size];
    if (settings.whenFull === 'reject' || next === undefined) return err('tooManyBindings');
    evicted.add(next);
  }
}
