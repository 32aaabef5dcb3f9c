import { describe, expect, it } from 'vitest';
import { flowBindingFor, flowBindingKey, parseFlowBindingKey } from '#functions/register/flow-binding.js';
import { binding } from './binding-fixtures.js';

const aor = { domainSid: 'SD0123456789abcdef0123456789abcdef', aorUser: 'al/ice' };
const flow = { flowId: 'f1', instanceId: 'gw-1' };

describe('flow bindings (RFC 5626 §5)', () => {
  it('names the AOR item with a key that reads back, whatever the user contains', () => {
    expect(parseFlowBindingKey(flowBindingKey(aor))).toEqual(aor);
    expect(parseFlowBindingKey('garbage')).toBeNull();
  });
  it('MUST report for TCP/TLS whether a binding of this edge lives on the flow of this gateway instance', () => {
    const onFlow = binding({ flowId: 'f1', gatewayInstanceId: 'gw-1' });
    const otherInstance = binding({ flowId: 'f1', gatewayInstanceId: 'gw-2' });
    expect(flowBindingFor('tcp', aor, [onFlow], flow)).toEqual({ key: flowBindingKey(aor), active: true });
    expect(flowBindingFor('tls', aor, [otherInstance], flow)).toEqual({
      key: flowBindingKey(aor),
      active: false,
    });
  });
  it('reports nothing for UDP', () => {
    expect(
      flowBindingFor('udp', aor, [binding({ flowId: 'f1', gatewayInstanceId: 'gw-1' })], flow),
    ).toBeUndefined();
  });
});
