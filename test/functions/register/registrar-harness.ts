/**
 * The registrar against the embedded store: a domain with a credential list mapped for
 * registrations, REGISTER events built as the gateway builds them, and digest answers computed
 * with the independent test client.
 */

import { createRegisterHandler, type RegisterDeps } from '#functions/register/register-handler.js';
import { REGISTRAR_DEFAULTS, type RegistrarSettings } from '#functions/register/registrar-settings.js';
import type { DigestSettings } from '#functions/shared/digest/digest-settings.js';
import { type AuthDirectory, createAuthDirectory } from '#functions/shared/store/auth-directory.js';
import { createCredential, putCredentialList } from '#functions/shared/store/credential-store.js';
import { computeHa1 } from '#functions/shared/store/digest.js';
import { claimDomainName, putDomain } from '#functions/shared/store/domain-store.js';
import { createMapping } from '#functions/shared/store/mapping-store.js';
import type { DomainRecord } from '#functions/shared/store/records.js';
import { newSid } from '#functions/shared/store/sid.js';
import type { StoreContext } from '#functions/shared/store/store-context.js';
import type {
  HandlerEvent,
  HandlerResult,
  RespondResult,
  SipRequestEvent,
} from '#sip/contract/handler-events.js';
import { parseChallenge } from '#sip/message/headers/challenge.js';
import { digestAuthorization } from '#test/support/digest-client.js';

export const ZONE = 'localhost';
export const REALM = 'sip.localhost';
export const PASSWORD = 'IWasAtSignal2018';
export const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);

export const DIGEST: DigestSettings = {
  realm: REALM,
  secret: Buffer.from('registrar-test-nonce-key-0123456789abcdef'),
  nonceLifetimeMs: 600_000,
  algorithms: ['MD5', 'SHA-256'],
};

export interface TestDomain {
  readonly accountSid: string;
  readonly sid: string;
  readonly name: string;
}

export interface DomainOptions {
  readonly sipRegistration?: boolean;
  /** Usernames of the credential list mapped for registrations; `null` maps no list. */
  readonly users?: readonly string[] | null;
}

/** Creates `<label>.sip.localhost` through the store functions the admin API uses. */
export async function createDomain(
  store: StoreContext,
  label: string,
  options: DomainOptions = {},
): Promise<TestDomain> {
  const accountSid = newSid('AC', T0);
  const date = new Date(T0).toISOString();
  const domain: DomainRecord = {
    sid: newSid('SD', T0),
    accountSid,
    domainName: `${label}.sip.${ZONE}`,
    friendlyName: null,
    voiceUrl: null,
    voiceMethod: 'POST',
    voiceFallbackUrl: null,
    voiceFallbackMethod: 'POST',
    voiceStatusCallbackUrl: null,
    voiceStatusCallbackMethod: 'POST',
    sipRegistration: options.sipRegistration ?? true,
    emergencyCallingEnabled: false,
    secure: false,
    byocTrunkSid: null,
    emergencyCallerSid: null,
    dateCreated: date,
    dateUpdated: date,
  };
  await putDomain(store, domain);
  await claimDomainName(store, domain.domainName, { accountSid, domainSid: domain.sid });
  const users = options.users === undefined ? ['alice', 'bob'] : options.users;
  if (users !== null) {
    const listSid = newSid('CL', T0);
    const dated = { accountSid, dateCreated: date, dateUpdated: date };
    await putCredentialList(store, { sid: listSid, friendlyName: 'phones', ...dated });
    for (const username of users) {
      const credential = { sid: newSid('CR', T0), credentialListSid: listSid, username, ...dated };
      await createCredential(store, credential, { ...computeHa1(username, REALM, PASSWORD), realm: REALM });
    }
    await createMapping(store, {
      domainSid: domain.sid,
      kind: 'registrationsCredentialList',
      sid: listSid,
      friendlyName: 'phones',
      ...dated,
    });
  }
  return { accountSid, sid: domain.sid, name: domain.domainName };
}

export interface Registrar {
  readonly handle: (event: HandlerEvent) => Promise<HandlerResult>;
  readonly directory: AuthDirectory;
  now(): number;
  advance(ms: number): void;
}

/** A registrar on `store`; the clock starts at T0 and moves only with `advance`. */
export function createRegistrar(
  store: StoreContext,
  settings: Partial<RegistrarSettings> = {},
  cacheTtlMs = 0,
): Registrar {
  let nowMs = T0;
  const now = () => nowMs;
  const directory = createAuthDirectory({ store, cacheTtlMs, maxCacheEntries: 1_000, now });
  const deps: RegisterDeps = {
    store,
    directory,
    digest: DIGEST,
    zone: ZONE,
    settings: { ...REGISTRAR_DEFAULTS, ...settings },
    now,
  };
  return {
    handle: createRegisterHandler(deps),
    directory,
    now,
    advance: (ms) => {
      nowMs += ms;
    },
  };
}

export interface RegisterSpec {
  readonly user?: string;
  /** To URI host (default: the domain name). */
  readonly toHost?: string;
  /** Request-URI (default `sip:<domain>`). */
  readonly requestUri?: string;
  /** Contact header values, one header line each; `[]` sends none (a query). */
  readonly contacts?: readonly string[];
  readonly expires?: number | string;
  readonly callId?: string;
  readonly cseq?: number;
  readonly headers?: readonly string[];
  readonly transport?: SipRequestEvent['transport'];
  readonly source?: { readonly address: string; readonly port: number };
  readonly flowId?: string;
  readonly instanceId?: string;
  readonly edge?: SipRequestEvent['edge'];
  readonly acceptedNonceCount?: number;
}

/** A REGISTER event as the gateway sends it (the raw text is what the registrar parses). */
export function registerEvent(domain: TestDomain, spec: RegisterSpec = {}): SipRequestEvent {
  const user = spec.user ?? 'alice';
  const requestUri = spec.requestUri ?? `sip:${domain.name}`;
  const source = spec.source ?? { address: '198.51.100.7', port: 5060 };
  const transport = spec.transport ?? 'udp';
  const contacts = spec.contacts ?? [`<sip:${user}@${source.address}:${source.port}>`];
  const headerLines = [
    `Via: SIP/2.0/${transport.toUpperCase()} ${source.address}:${source.port};branch=z9hG4bK${spec.cseq ?? 1}x`,
    'Max-Forwards: 70',
    `From: <sip:${user}@${domain.name}>;tag=f1`,
    `To: <sip:${user}@${spec.toHost ?? domain.name}>`,
    `Call-ID: ${spec.callId ?? 'call-1'}`,
    `CSeq: ${spec.cseq ?? 1} REGISTER`,
    ...contacts.map((c) => `Contact: ${c}`),
    ...(spec.expires === undefined ? [] : [`Expires: ${spec.expires}`]),
    ...(spec.headers ?? []),
    'Content-Length: 0',
  ];
  const raw = `REGISTER ${requestUri} SIP/2.0\r\n${headerLines.join('\r\n')}\r\n\r\n`;
  return {
    version: 1,
    type: 'sip-request',
    handler: 'register',
    method: 'REGISTER',
    requestUri,
    raw,
    transport,
    source,
    edge: spec.edge ?? 'ashburn',
    instanceId: spec.instanceId ?? 'gw-1',
    relayAddress: '10.0.0.1:5070',
    flowId: spec.flowId ?? `${transport}:${source.address}:${source.port}`,
    receivedAtMs: T0,
    ...(spec.acceptedNonceCount === undefined ? {} : { acceptedNonceCount: spec.acceptedNonceCount }),
  };
}

export function asResponse(result: HandlerResult): RespondResult {
  if (result.action !== 'respond') throw new Error(`expected a response, got ${result.action}`);
  return result;
}

export function headerValues(result: RespondResult, name: string): string[] {
  return result.headers.filter((h) => h.name.toLowerCase() === name.toLowerCase()).map((h) => h.value);
}

export interface AuthOptions {
  readonly authUser?: string;
  readonly password?: string;
  readonly algorithm?: 'MD5' | 'SHA-256';
  readonly nc?: number;
}

/** The Authorization value answering the challenge of `challenge` (a 401 result). */
export function answerChallenge(
  challenge: RespondResult,
  requestUri: string,
  options: AuthOptions = {},
): string {
  const algorithm = options.algorithm ?? 'MD5';
  for (const value of headerValues(challenge, 'WWW-Authenticate')) {
    const parsed = parseChallenge(value);
    const digest = parsed.ok ? parsed.value.digest : null;
    if (digest === null || (digest.algorithm ?? 'MD5') !== algorithm) continue;
    return digestAuthorization(
      {
        realm: digest.realm,
        nonce: digest.nonce,
        algorithm,
        ...(digest.opaque === null ? {} : { opaque: digest.opaque }),
      },
      {
        username: options.authUser ?? 'alice',
        password: options.password ?? PASSWORD,
        method: 'REGISTER',
        uri: requestUri,
        nc: options.nc ?? 1,
      },
    );
  }
  throw new Error(`no ${algorithm} challenge in ${challenge.status}`);
}

/**
 * REGISTER with digest credentials: the same request is first sent without them to obtain a
 * challenge (a 401 changes nothing), then with the answer, both with `spec.cseq`.
 */
export async function authenticatedRegister(
  registrar: Registrar,
  domain: TestDomain,
  spec: RegisterSpec = {},
  auth: AuthOptions = {},
): Promise<{ challenge: RespondResult; result: RespondResult }> {
  const challenge = asResponse(await registrar.handle(registerEvent(domain, spec)));
  if (challenge.status !== 401) throw new Error(`expected 401, got ${challenge.status} ${challenge.reason}`);
  const requestUri = spec.requestUri ?? `sip:${domain.name}`;
  const answer = answerChallenge(challenge, requestUri, { authUser: spec.user, ...auth });
  const event = registerEvent(domain, {
    ...spec,
    headers: [...(spec.headers ?? []), `Authorization: ${answer}`],
  });
  return { challenge, result: asResponse(await registrar.handle(event)) };
}

/** The final result of an authenticated REGISTER. */
export async function registerAs(
  registrar: Registrar,
  domain: TestDomain,
  spec: RegisterSpec = {},
  auth: AuthOptions = {},
): Promise<RespondResult> {
  return (await authenticatedRegister(registrar, domain, spec, auth)).result;
}
