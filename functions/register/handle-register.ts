import type { AuthOutcome, RespondResult, SipRequestEvent } from '#sip/contract/handler-events.js';
import { getHeaderValues } from '#sip/message/accessors.js';
import { parseMessage } from '#sip/parser/index.js';
import { authenticateDigest, selectCredentials } from '../shared/digest/authenticate.js';
import { addressOfRecord } from './address-of-record.js';
import { checkAuthUsername } from './auth-username.js';
import { flowBindingFor } from './flow-binding.js';
import { mergeBindings } from './merged-bindings.js';
import { planBindings, type RegisterArrival } from './plan-bindings.js';
import type { RegisterDeps } from './register-deps.js';
import { registerDomain } from './register-domain.js';
import { readRegisterRequest } from './register-request.js';
import { registerOk, registerRejection } from './register-responses.js';
import { registeredHeaders } from './registered-contacts.js';
import { checkRegistrationAccess } from './registration-access.js';
import { updateEdgeBindings } from './update-bindings.js';

const REJECTED: AuthOutcome = { outcome: 'rejected' };

/** One REGISTER, start to end (RFC 3261 §10.3): domain, authentication, bindings, response. */
export async function handleRegister(deps: RegisterDeps, event: SipRequestEvent): Promise<RespondResult> {
  const { settings } = deps;
  const parsed = parseMessage(Buffer.from(event.raw, 'latin1'));
  if (!parsed.ok || parsed.message.kind !== 'request') return registerRejection('malformedRequest', settings);
  const request = parsed.message;

  const domainName = registerDomain(request.uri, deps.zone);
  if (!domainName.ok) return registerRejection(domainName.error, settings);
  const config = await deps.directory.domainByName(domainName.value);
  if (config === undefined) return registerRejection('unknownDomain', settings);
  const access = checkRegistrationAccess(config);
  if (!access.ok) return registerRejection(access.error, settings);
  const aor = addressOfRecord(request.base.to.uri, domainName.value, deps.zone);
  if (!aor.ok) return registerRejection(aor.error, settings);

  const nowMs = deps.now();
  const credentials = selectCredentials(getHeaderValues(request, 'authorization'), deps.digest.realm);
  if (credentials !== null) {
    const username = checkAuthUsername(credentials.username, aor.value.user);
    if (!username.ok) return registerRejection(username.error, settings, { auth: REJECTED });
  }
  const verdict = await authenticateDigest(
    deps.digest,
    {
      method: request.method,
      credentials,
      sourceIp: event.source.address,
      nowMs,
      acceptedNonceCount: event.acceptedNonceCount,
    },
    (username) => deps.directory.credentialDigest(config, 'registrations', username),
  );
  if (verdict.kind === 'challenge') {
    const headers = verdict.challenges.map((value) => ({ name: 'WWW-Authenticate', value }));
    return verdict.rejected
      ? registerRejection('credentialsRejected', settings, { headers, auth: REJECTED })
      : registerRejection('authenticationRequired', settings, { headers });
  }
  const auth: AuthOutcome = { outcome: 'accepted', nonce: verdict.nonce, nonceCount: verdict.nonceCount };

  const register = readRegisterRequest(request);
  if (!register.ok) return registerRejection(register.error, settings, { auth });
  const aorRef = { domainSid: config.domain.sid, aorUser: aor.value.user };
  const arrival: RegisterArrival = {
    transport: event.transport,
    source: { address: event.source.address, port: event.source.port },
    flowId: event.flowId,
    gatewayInstanceId: event.instanceId,
    relayAddress: event.relayAddress,
  };
  const updated = await updateEdgeBindings(deps.store, {
    ...aorRef,
    edge: event.edge,
    owner: { ...aorRef, accountSid: config.domain.accountSid, aor: aor.value.aor, edge: event.edge },
    plan: (view) => planBindings(register.value, arrival, view, settings, nowMs),
    nowMs,
    maxWriteAttempts: settings.maxWriteAttempts,
  });
  if (!updated.ok) return registerRejection(updated.error, settings, { auth });
  const { edge, otherEdges } = updated.value;
  return registerOk({
    headers: registeredHeaders(mergeBindings(edge, otherEdges), nowMs),
    auth,
    flowBinding: flowBindingFor(event.transport, aorRef, edge, {
      flowId: event.flowId,
      instanceId: event.instanceId,
    }),
  });
}
