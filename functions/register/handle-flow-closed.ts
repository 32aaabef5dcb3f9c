import {
  type DoneResult,
  type FlowClosedEvent,
  HANDLER_CONTRACT_VERSION,
} from '#sip/contract/handler-events.js';
import { ok } from '../shared/result.js';
import { livesOnFlow, parseFlowBindingKey } from './flow-binding.js';
import type { RegisterDeps } from './register-deps.js';
import { updateEdgeBindings } from './update-bindings.js';

/**
 * RFC 5626 §5: a closed TCP/TLS flow cannot carry requests to the devices registered over it, so
 * their bindings at this edge go. Keys this registrar did not make are ignored; if the item keeps
 * changing under us for `maxWriteAttempts`, the bindings are left to expire.
 */
export async function handleFlowClosed(deps: RegisterDeps, event: FlowClosedEvent): Promise<DoneResult> {
  const flow = { flowId: event.flowId, instanceId: event.instanceId };
  const nowMs = deps.now();
  for (const key of event.bindingKeys) {
    const aor = parseFlowBindingKey(key);
    if (aor === null) continue;
    await updateEdgeBindings(deps.store, {
      ...aor,
      edge: event.edge,
      owner: null,
      plan: (view) => {
        const kept = view.edge.filter((b) => !livesOnFlow(b, flow));
        return ok(kept.length === view.edge.length ? null : kept);
      },
      nowMs,
      maxWriteAttempts: deps.settings.maxWriteAttempts,
    });
  }
  return { version: HANDLER_CONTRACT_VERSION, action: 'done' };
}
