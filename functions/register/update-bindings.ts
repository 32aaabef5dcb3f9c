import { err, ok, type Result } from '../shared/result.js';
import {
  type BindingContact,
  type BindingOwner,
  readAorBindings,
  writeEdgeBindings,
} from '../shared/store/binding-store.js';
import type { StoreContext } from '../shared/store/store-context.js';
import type { BindingView } from './plan-bindings.js';

export interface EdgeBindingsUpdate<E> {
  readonly domainSid: string;
  readonly aorUser: string;
  readonly edge: string;
  /** Identity of a new item; null when only an existing item may be rewritten. */
  readonly owner: BindingOwner | null;
  /** This edge's bindings after the change, or null to leave the item as it is. */
  readonly plan: (view: BindingView) => Result<readonly BindingContact[] | null, E>;
  readonly nowMs: number;
  readonly maxWriteAttempts: number;
}

/**
 * Read-modify-write of this edge's (AOR, edge) item: one Query of the AOR partition (every edge),
 * then one write conditional on the version read. When another request wrote in between, the
 * plan is applied again to what it wrote, at most `maxWriteAttempts` times.
 */
export async function updateEdgeBindings<E>(
  ctx: StoreContext,
  update: EdgeBindingsUpdate<E>,
): Promise<Result<BindingView, E | 'writeConflict'>> {
  for (let attempt = 0; attempt < update.maxWriteAttempts; attempt++) {
    const items = await readAorBindings(ctx, update.domainSid, update.aorUser, update.nowMs);
    const current = items.find((item) => item.edge === update.edge);
    const view: BindingView = {
      edge: current?.contacts ?? [],
      otherEdges: items.filter((item) => item !== current).flatMap((item) => item.contacts),
    };
    const planned = update.plan(view);
    if (!planned.ok) return planned;
    const owner = current ?? update.owner;
    if (planned.value === null || owner === null) return ok(view);
    const written = await writeEdgeBindings(ctx, owner, planned.value, current?.version ?? null);
    if (written.ok) return ok({ edge: planned.value, otherEdges: view.otherEdges });
  }
  return err('writeConflict');
}
