/**
 * The router against the embedded store: accounts and domains written with the store functions
 * the admin API uses, INVITE events built as the gateway builds them, and digest answers computed
 * with the independent test client.
 */

import { createRouteHandler } from '#functions/route/route-handler.js';
import { ROUTE_DEFAULTS, type RouteSettings } from '#functions/route/route-settings.js';
import { DEFAULT_WEBHOOK_LIMITS } from '#functions/route/webhook/webhook-limits.js';
import type { DigestSettings } from '#functions/shared/digest/digest-settings.js';
import type { CarrierTrunkEnv } from '#functions/shared/env.js';
import { putAccount } from '#functions/shared/store/account-store.js';
import { listAlerts } from '#functions/shared/store/alert-store.js';
import { createAuthDirectory } from '#functions/shared/store/auth-directory.js';
import { listAccountCalls } from '#functions/shared/store/call-store.js';
import { createCredential, putCredentialList } from '#functions/shared/store/credential-store.js';
import { computeHa1 } from '#functions/shared/store/digest.js';
import { claimDomainName, putDomain } from '#functions/shared/store/domain-store.js';
import { putIpAcl, putIpAddress } from '#functions/shared/store/ip-acl-store.js';
import { createMapping } from '#functions/shared/store/mapping-store.js';
import type { DomainRecord, HttpMethod } from '#functions/shared/store/records.js';
import { newSid } from '#functions/shared/store/sid.js';
import type { StoreContext } from '#functions/shared/store/store-context.js';
import {
  type CallProgressEvent,
  type DialOutcome,
  type HandlerEvent,
  type HandlerResult,
  isHandlerResult,
  type ProxyResult,
  type RespondResult,
  type SipRequestEvent,
} from '#sip/contract/handler-events.js';
import { parseChallenge } from '#sip/message/headers/challenge.js';
import { digestAuthorization } from '#test/support/digest-client.js';

export const ZONE = 'localhost';
export const REALM = 'sip.localhost';
export const PASSWORD = 'IWasAtSignal2018';
export const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
export const CALLER_IP = '198.51.100.7';

export const DIGEST: DigestSettings = {
  realm: REALM,
  secret: Buffer.from('router-test-nonce-key-0123456789abcdef'),
  nonceLifetimeMs: 600_000,
  algorithms: ['MD5', 'SHA-256'],
};

/** Small timers so that failing webhooks take milliseconds, not Twilio's 10–15 s. */
export const FAST_SETTINGS: RouteSettings = {
  ...ROUTE_DEFAULTS,
  webhook: { ...DEFAULT_WEBHOOK_LIMITS, connectAttemptTimeoutMs: 200, totalTimeoutMs: 1_000 },
};

export interface TestAccount {
  readonly sid: string;
  readonly authToken: string;
}

let accounts = 0;

export async function createAccount(store: StoreContext): Promise<TestAccount> {
  const sid = newSid('AC', T0);
  const authToken = `${(++accounts).toString(16).padStart(2, '0')}${'ab'.repeat(15)}`;
  const date = new Date(T0).toISOString();
  await putAccount(store, { sid, authToken, friendlyName: 'test', dateCreated: date, dateUpdated: date });
  return { sid, authToken };
}

export interface DomainOptions {
  readonly voiceUrl?: string | null;
  readonly voiceMethod?: HttpMethod;
  readonly voiceFallbackUrl?: string | null;
  readonly voiceStatusCallbackUrl?: string | null;
  /** Usernames of a credential list mapped for calls; null maps none. */
  readonly callUsers?: readonly string[] | null;
  /** Addresses of an IP ACL mapped for calls; null maps none. */
  readonly aclAddresses?: readonly string[] | null;
}

export interface TestDomain {
  readonly accountSid: string;
  readonly sid: string;
  readonly name: string;
}

/** A domain admitting the caller (CALLER_IP) by IP ACL alone, with the given URLs. */
export function createAclDomain(
  store: StoreContext,
  account: TestAccount,
  label: string,
  options: Omit<DomainOptions, 'callUsers' | 'aclAddresses'> = {},
): Promise<TestDomain> {
  return createDomain(store, account, label, { ...options, callUsers: null, aclAddresses: [CALLER_IP] });
}

/** Creates `<label>.sip.localhost` with the given call authentication and URLs. */
export async function createDomain(
  store: StoreContext,
  account: TestAccount,
  label: string,
  options: DomainOptions = {},
): Promise<TestDomain> {
  const accountSid = account.sid;
  const date = new Date(T0).toISOString();
  const dated = { accountSid, dateCreated: date, dateUpdated: date };
  const domain: DomainRecord = {
    sid: newSid('SD', T0),
    domainName: `${label}.sip.${ZONE}`,
    friendlyName: null,
    voiceUrl: options.voiceUrl ?? null,
    voiceMethod: options.voiceMethod ?? 'POST',
    voiceFallbackUrl: options.voiceFallbackUrl ?? null,
    voiceFallbackMethod: 'POST',
    voiceStatusCallbackUrl: options.voiceStatusCallbackUrl ?? null,
    voiceStatusCallbackMethod: 'POST',
    sipRegistration: true,
    emergencyCallingEnabled: false,
    secure: false,
    byocTrunkSid: null,
    emergencyCallerSid: null,
    ...dated,
  };
  await putDomain(store, domain);
  await claimDomainName(store, domain.domainName, { accountSid, domainSid: domain.sid });
  const users = options.callUsers === undefined ? ['alice'] : options.callUsers;
  if (users !== null) {
    const listSid = newSid('CL', T0);
    await putCredentialList(store, { sid: listSid, friendlyName: 'phones', ...dated });
    for (const username of users) {
      const credential = { sid: newSid('CR', T0), credentialListSid: listSid, username, ...dated };
      await createCredential(store, credential, { ...computeHa1(username, REALM, PASSWORD), realm: REALM });
    }
    const mapping = { domainSid: domain.sid, sid: listSid, friendlyName: 'phones', ...dated };
    await createMapping(store, { ...mapping, kind: 'callsCredentialList' });
  }
  if (options.aclAddresses !== undefined && options.aclAddresses !== null) {
    const aclSid = newSid('AL', T0);
    await putIpAcl(store, { sid: aclSid, friendlyName: 'office', ...dated });
    for (const ipAddress of options.aclAddresses) {
      await putIpAddress(store, {
        sid: newSid('IP', T0),
        ipAccessControlListSid: aclSid,
        friendlyName: ipAddress,
        ipAddress,
        cidrPrefixLength: 32,
        ...dated,
      });
    }
    await createMapping(store, {
      domainSid: domain.sid,
      sid: aclSid,
      friendlyName: 'office',
      kind: 'callsIpAcl',
      ...dated,
    });
  }
  return { accountSid, sid: domain.sid, name: domain.domainName };
}

export interface Router {
  readonly handle: (event: HandlerEvent) => Promise<HandlerResult>;
  now(): number;
  advance(ms: number): void;
}

/** A router on `store`; the clock starts at T0 and moves only with `advance`. */
export function createRouter(
  store: StoreContext,
  options: {
    settings?: RouteSettings;
    carrierTrunk?: CarrierTrunkEnv | null;
    twimlBinOrigins?: readonly string[];
  } = {},
): Router {
  let nowMs = T0;
  const now = () => nowMs;
  const handle = createRouteHandler({
    store,
    directory: createAuthDirectory({ store, cacheTtlMs: 0, maxCacheEntries: 1_000, now }),
    digest: DIGEST,
    zone: ZONE,
    settings: options.settings ?? FAST_SETTINGS,
    carrierTrunk: options.carrierTrunk ?? null,
    twimlBinOrigins: options.twimlBinOrigins ?? [],
    now,
  });
  // Every event makes the JSON round trip it makes through Lambda; every result must pass the gateway's check.
  return {
    handle: async (event) => {
      const result: unknown = JSON.parse(JSON.stringify(await handle(JSON.parse(JSON.stringify(event)))));
      if (!isHandlerResult(result)) throw new Error(`not a handler result: ${JSON.stringify(result)}`);
      return result;
    },
    now,
    advance: (ms) => {
      nowMs += ms;
    },
  };
}

export interface InviteSpec {
  readonly user?: string;
  readonly requestUri?: string;
  readonly headers?: readonly string[];
  readonly source?: { readonly address: string; readonly port: number };
  readonly callId?: string;
}

/** An INVITE event as the gateway sends it (the raw text is what the router parses). */
export function inviteEvent(domain: TestDomain, spec: InviteSpec = {}): SipRequestEvent {
  const requestUri = spec.requestUri ?? `sip:+14155550100@${domain.name}`;
  const source = spec.source ?? { address: CALLER_IP, port: 5060 };
  const headerLines = [
    `Via: SIP/2.0/UDP ${source.address}:${source.port};branch=z9hG4bK-1`,
    'Max-Forwards: 70',
    `From: "Alice" <sip:${spec.user ?? 'alice'}@${domain.name}>;tag=f1`,
    `To: <${requestUri}>`,
    `Call-ID: ${spec.callId ?? 'call-1@198.51.100.7'}`,
    'CSeq: 1 INVITE',
    `Contact: <sip:alice@${source.address}:${source.port}>`,
    ...(spec.headers ?? []),
    'Content-Length: 0',
  ];
  const raw = `INVITE ${requestUri} SIP/2.0\r\n${headerLines.join('\r\n')}\r\n\r\n`;
  return {
    version: 1,
    type: 'sip-request',
    handler: 'route',
    method: 'INVITE',
    requestUri,
    raw,
    transport: 'udp',
    source,
    edge: 'ashburn',
    instanceId: 'gw-1',
    relayAddress: '10.0.0.1:5070',
    flowId: `udp:${source.address}:${source.port}`,
    receivedAtMs: T0,
  };
}

export function asResponse(result: HandlerResult): RespondResult {
  if (result.action !== 'respond') throw new Error(`expected a response, got ${JSON.stringify(result)}`);
  return result;
}

export function asProxy(result: HandlerResult): ProxyResult {
  if (result.action !== 'proxy') throw new Error(`expected a proxy result, got ${JSON.stringify(result)}`);
  return result;
}

export function headerValues(result: RespondResult, name: string): string[] {
  return result.headers.filter((h) => h.name.toLowerCase() === name.toLowerCase()).map((h) => h.value);
}

/** The Proxy-Authorization value answering the MD5 challenge of a 407. */
export function answerChallenge(
  challenge: RespondResult,
  requestUri: string,
  options: { readonly username?: string; readonly password?: string } = {},
): string {
  for (const value of headerValues(challenge, 'Proxy-Authenticate')) {
    const parsed = parseChallenge(value);
    const digest = parsed.ok ? parsed.value.digest : null;
    if (digest === null || (digest.algorithm ?? 'MD5') !== 'MD5') continue;
    return digestAuthorization(
      {
        realm: digest.realm,
        nonce: digest.nonce,
        algorithm: 'MD5',
        ...(digest.opaque ? { opaque: digest.opaque } : {}),
      },
      {
        username: options.username ?? 'alice',
        password: options.password ?? PASSWORD,
        method: 'INVITE',
        uri: requestUri,
      },
    );
  }
  throw new Error(`no MD5 challenge in ${challenge.status}`);
}

/** INVITE, 407, INVITE with credentials: the handler's answer to the second. */
export async function authenticatedInvite(
  router: Router,
  domain: TestDomain,
  spec: InviteSpec = {},
): Promise<HandlerResult> {
  const challenge = asResponse(await router.handle(inviteEvent(domain, spec)));
  if (challenge.status !== 407) throw new Error(`expected 407, got ${challenge.status} ${challenge.reason}`);
  const requestUri = spec.requestUri ?? `sip:+14155550100@${domain.name}`;
  const answer = answerChallenge(challenge, requestUri);
  return router.handle(
    inviteEvent(domain, { ...spec, headers: [...(spec.headers ?? []), `Proxy-Authorization: ${answer}`] }),
  );
}

/** The call-progress event the gateway sends when the `<Dial>` of `dial` ends. */
export function progressEvent(
  dial: ProxyResult,
  outcome: Partial<DialOutcome>,
  call: Partial<Pick<CallProgressEvent, 'callerAwaitingAnswer' | 'answeredAtMs' | 'endedAtMs'>> = {},
): CallProgressEvent {
  return {
    version: 1,
    type: 'call-progress',
    handler: 'route',
    edge: 'ashburn',
    instanceId: 'gw-1',
    callSid: dial.callSid,
    continuation: dial.continuation,
    outcome: {
      dialCallStatus: 'no-answer',
      dialCallDurationSec: 0,
      sipResponseCode: 480,
      sipCallId: null,
      headers: [],
      ...outcome,
    },
    callerAwaitingAnswer: call.callerAwaitingAnswer ?? true,
    answeredAtMs: call.answeredAtMs ?? null,
    endedAtMs: call.endedAtMs ?? null,
  };
}

/** Every live call of the account, newest first (the Calls API's order). */
export async function accountCalls(store: StoreContext, accountSid: string, nowMs: number) {
  const page = await listAccountCalls(store, accountSid, { pageSize: 200 }, {}, nowMs);
  if (!page.ok) throw new Error(page.error);
  return page.value.records;
}

/** Every live alert of the account, newest first. */
export async function accountAlerts(store: StoreContext, accountSid: string, nowMs: number) {
  const page = await listAlerts(store, accountSid, { pageSize: 200 }, {}, nowMs);
  if (!page.ok) throw new Error(page.error);
  return page.value.records;
}
