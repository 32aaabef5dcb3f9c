/**
 * Which registrar binding keys live on each TCP/TLS flow, so that closing a flow can remove its
 * bindings (RFC 5626 §5: a binding over a dead flow is unreachable).
 */
export class FlowBindings {
  readonly #byFlow = new Map<string, Set<string>>();

  update(flowId: string, key: string, active: boolean): void {
    const keys = this.#byFlow.get(flowId);
    if (active) {
      if (keys === undefined) this.#byFlow.set(flowId, new Set([key]));
      else keys.add(key);
      return;
    }
    keys?.delete(key);
    if (keys?.size === 0) this.#byFlow.delete(flowId);
  }

  /** The keys of a closed flow; the flow is forgotten. */
  take(flowId: string): readonly string[] {
    const keys = this.#byFlow.get(flowId);
    this.#byFlow.delete(flowId);
    return keys === undefined ? [] : [...keys];
  }
}
