import type { BindingItem } from '#functions/shared/store/binding-store.js';
import type { MappingKind } from '#functions/shared/store/keys.js';
import type { MappingRecord } from '#functions/shared/store/mapping-store.js';
import type {
  CredentialListRecord,
  CredentialRecord,
  DomainRecord,
  IpAclRecord,
  IpAddressRecord,
} from '#functions/shared/store/records.js';

export const API_VERSION = '2010-04-01';

/** RFC 2822 date as Twilio writes it: `Wed, 18 Aug 2010 20:01:40 +0000`. */
export function rfc2822(iso: string): string {
  return new Date(iso).toUTCString().replace(/GMT$/, '+0000');
}

export const accountBase = (accountSid: string) => `/${API_VERSION}/Accounts/${accountSid}`;
export const domainPath = (accountSid: string, domainSid: string) =>
  `${accountBase(accountSid)}/SIP/Domains/${domainSid}`;
export const credentialListPath = (accountSid: string, listSid: string) =>
  `${accountBase(accountSid)}/SIP/CredentialLists/${listSid}`;
export const ipAclPath = (accountSid: string, aclSid: string) =>
  `${accountBase(accountSid)}/SIP/IpAccessControlLists/${aclSid}`;

/** The two mapping path families: Auth/Calls|Registrations (`contents`) and the legacy ones. */
export type MappingStyle = 'auth' | 'legacy';

export function mappingCollectionPath(
  accountSid: string,
  domainSid: string,
  kind: MappingKind,
  style: MappingStyle,
) {
  const base = domainPath(accountSid, domainSid);
  const list = kind === 'callsIpAcl' ? 'IpAccessControlListMappings' : 'CredentialListMappings';
  if (style === 'legacy') return `${base}/${list}`;
  return `${base}/Auth/${kind === 'registrationsCredentialList' ? 'Registrations' : 'Calls'}/${list}`;
}

/** `auth_type`: the mapped call-auth kinds, alphabetical and comma-separated, `""` when none. */
export function authType(mappings: readonly MappingRecord[]): string {
  const types = new Set<string>();
  for (const m of mappings) {
    if (m.kind === 'callsCredentialList') types.add('CREDENTIAL_LIST');
    if (m.kind === 'callsIpAcl') types.add('IP_ACL');
  }
  return [...types].sort().join(',');
}

export function domainJson(d: DomainRecord, mappings: readonly MappingRecord[]) {
  const path = domainPath(d.accountSid, d.sid);
  return {
    account_sid: d.accountSid,
    api_version: API_VERSION,
    auth_type: authType(mappings),
    date_created: rfc2822(d.dateCreated),
    date_updated: rfc2822(d.dateUpdated),
    domain_name: d.domainName,
    friendly_name: d.friendlyName,
    sid: d.sid,
    uri: `${path}.json`,
    voice_fallback_method: d.voiceFallbackMethod,
    voice_fallback_url: d.voiceFallbackUrl,
    voice_method: d.voiceMethod,
    voice_status_callback_method: d.voiceStatusCallbackMethod,
    voice_status_callback_url: d.voiceStatusCallbackUrl,
    voice_url: d.voiceUrl,
    subresource_uris: {
      ip_access_control_list_mappings: `${path}/IpAccessControlListMappings.json`,
      credential_list_mappings: `${path}/CredentialListMappings.json`,
      registrations: `${path}/Registrations.json`,
    },
    sip_registration: d.sipRegistration,
    emergency_calling_enabled: d.emergencyCallingEnabled,
    secure: d.secure,
    byoc_trunk_sid: d.byocTrunkSid,
    emergency_caller_sid: d.emergencyCallerSid,
  };
}

export function credentialListJson(l: CredentialListRecord) {
  const path = credentialListPath(l.accountSid, l.sid);
  return {
    account_sid: l.accountSid,
    date_created: rfc2822(l.dateCreated),
    date_updated: rfc2822(l.dateUpdated),
    friendly_name: l.friendlyName,
    sid: l.sid,
    subresource_uris: { credentials: `${path}/Credentials.json` },
    uri: `${path}.json`,
  };
}

/** A credential never carries its password or digests. */
export function credentialJson(c: CredentialRecord) {
  return {
    sid: c.sid,
    account_sid: c.accountSid,
    credential_list_sid: c.credentialListSid,
    username: c.username,
    date_created: rfc2822(c.dateCreated),
    date_updated: rfc2822(c.dateUpdated),
    uri: `${credentialListPath(c.accountSid, c.credentialListSid)}/Credentials/${c.sid}.json`,
  };
}

export function ipAclJson(a: IpAclRecord) {
  const path = ipAclPath(a.accountSid, a.sid);
  return {
    sid: a.sid,
    account_sid: a.accountSid,
    friendly_name: a.friendlyName,
    date_created: rfc2822(a.dateCreated),
    date_updated: rfc2822(a.dateUpdated),
    subresource_uris: { ip_addresses: `${path}/IpAddresses.json` },
    uri: `${path}.json`,
  };
}

export function ipAddressJson(a: IpAddressRecord) {
  return {
    sid: a.sid,
    account_sid: a.accountSid,
    friendly_name: a.friendlyName,
    ip_address: a.ipAddress,
    cidr_prefix_length: a.cidrPrefixLength,
    ip_access_control_list_sid: a.ipAccessControlListSid,
    date_created: rfc2822(a.dateCreated),
    date_updated: rfc2822(a.dateUpdated),
    uri: `${ipAclPath(a.accountSid, a.ipAccessControlListSid)}/IpAddresses/${a.sid}.json`,
  };
}

export function mappingJson(m: MappingRecord, style: MappingStyle) {
  const listPath =
    m.kind === 'callsIpAcl' ? ipAclPath(m.accountSid, m.sid) : credentialListPath(m.accountSid, m.sid);
  return {
    account_sid: m.accountSid,
    date_created: rfc2822(m.dateCreated),
    date_updated: rfc2822(m.dateUpdated),
    domain_sid: m.domainSid,
    friendly_name: m.friendlyName,
    sid: m.sid,
    uri: `${mappingCollectionPath(m.accountSid, m.domainSid, m.kind, style)}/${m.sid}.json`,
    ...(style === 'legacy'
      ? {
          subresource_uris:
            m.kind === 'callsIpAcl'
              ? { ip_addresses: `${listPath}/IpAddresses.json` }
              : { credentials: `${listPath}/Credentials.json` },
        }
      : {}),
  };
}

/** `ip:port`, with IPv6 addresses in brackets (RFC 3986 §3.2.2). */
const hostPort = (source: { address: string; port: number }) =>
  `${source.address.includes(':') ? `[${source.address}]` : source.address}:${source.port}`;

/** SipEdge's Registrations.json rows: one per active contact (the caller drops expired ones). */
export function registrationsJson(binding: BindingItem, nowMs: number) {
  return binding.contacts.map((c) => ({
    account_sid: binding.accountSid,
    domain_sid: binding.domainSid,
    aor: binding.aor,
    contact: c.contactUri,
    instance_id: c.instanceId,
    reg_id: c.regId,
    edge: binding.edge,
    transport: c.transport,
    source_address: hostPort(c.source),
    path: c.path,
    user_agent: c.userAgent,
    date_registered: rfc2822(new Date(c.registeredAtMs).toISOString()),
    expires: rfc2822(new Date(c.expiresAtMs).toISOString()),
    expires_in: Math.max(0, Math.ceil((c.expiresAtMs - nowMs) / 1000)),
  }));
}
