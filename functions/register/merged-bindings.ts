import type { BindingContact } from '../shared/store/binding-store.js';
import { deviceOf, isSameDevice } from './same-device.js';

/**
 * The AOR's bindings as one set, as Twilio shares them between edges: this edge's, plus the other
 * edges' except those naming a device that registered here too (it moved; its binding at the old
 * edge expires there).
 */
export function mergeBindings(
  edge: readonly BindingContact[],
  otherEdges: readonly BindingContact[],
): readonly BindingContact[] {
  const here = edge.map(deviceOf);
  const elsewhere = otherEdges.filter((b) => {
    const device = deviceOf(b);
    return !here.some((h) => isSameDevice(h, device));
  });
  return [...edge, ...elsewhere];
}
