/**
 * Key builders for every item type in the single table (docs/data-model.md). The only place key
 * strings are spelled out, so the layout can be read in one screen.
 */
export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

/** Mapping kinds. The legacy mapping paths use the `calls*` kinds (one shared store, as Twilio does). */
export type MappingKind = 'callsCredentialList' | 'callsIpAcl' | 'registrationsCredentialList';

const MAPPING_TAG: Record<MappingKind, string> = {
  callsCredentialList: 'CALLS_CL',
  callsIpAcl: 'CALLS_AL',
  registrationsCredentialList: 'REG_CL',
};

/** Sort-key prefixes of the items an account partition holds. */
export const ACCOUNT_CHILD = { domain: 'DOMAIN#', credentialList: 'CREDLIST#', ipAcl: 'IPACL#' } as const;

export const keys = {
  account: (accountSid: string): ItemKey => ({ pk: `ACCOUNT#${accountSid}`, sk: 'ACCOUNT' }),
  accountPartition: (accountSid: string): string => `ACCOUNT#${accountSid}`,

  domain: (accountSid: string, domainSid: string): ItemKey => ({
    pk: `ACCOUNT#${accountSid}`,
    sk: `${ACCOUNT_CHILD.domain}${domainSid}`,
  }),
  /** Claim of a domain name, unique across all accounts (conditional put). */
  domainName: (domainName: string): ItemKey => ({ pk: `DOMAINNAME#${domainName}`, sk: 'CLAIM' }),
  /** Marker under a parent name: the parent cannot be deleted or renamed while it exists. */
  subdomain: (parentName: string, childName: string): ItemKey => ({
    pk: `DOMAINNAME#${parentName}`,
    sk: `CHILD#${childName}`,
  }),
  subdomainPrefix: 'CHILD#',

  credentialList: (accountSid: string, listSid: string): ItemKey => ({
    pk: `ACCOUNT#${accountSid}`,
    sk: `${ACCOUNT_CHILD.credentialList}${listSid}`,
  }),
  credentialListPartition: (listSid: string): string => `CREDLIST#${listSid}`,
  credential: (listSid: string, credentialSid: string): ItemKey => ({
    pk: `CREDLIST#${listSid}`,
    sk: `CRED#${credentialSid}`,
  }),
  credentialPrefix: 'CRED#',
  /** Username claim inside a list; holds the HA1 digests the registrar reads. */
  username: (listSid: string, username: string): ItemKey => ({
    pk: `CREDLIST#${listSid}`,
    sk: `USERNAME#${username}`,
  }),

  ipAcl: (accountSid: string, aclSid: string): ItemKey => ({
    pk: `ACCOUNT#${accountSid}`,
    sk: `${ACCOUNT_CHILD.ipAcl}${aclSid}`,
  }),
  ipAclPartition: (aclSid: string): string => `IPACL#${aclSid}`,
  ipAddress: (aclSid: string, ipSid: string): ItemKey => ({ pk: `IPACL#${aclSid}`, sk: `IP#${ipSid}` }),
  ipAddressPrefix: 'IP#',

  domainPartition: (domainSid: string): string => `DOMAIN#${domainSid}`,
  mapping: (domainSid: string, kind: MappingKind, listSid: string): ItemKey => ({
    pk: `DOMAIN#${domainSid}`,
    sk: `MAP#${MAPPING_TAG[kind]}#${listSid}`,
  }),
  mappingPrefix: (kind: MappingKind): string => `MAP#${MAPPING_TAG[kind]}#`,
  /** GSI1 partition of mappings, by mapped list: "is this list still mapped anywhere?" */
  mappedListGsi: (listSid: string): string => `MAPPED#${listSid}`,

  /**
   * Registration bindings: one item per (AOR, edge), so two regions never write the same item.
   * `aorUser` is the user part of the AOR; the domain is fixed by the SID.
   */
  binding: (domainSid: string, aorUser: string, edge: string): ItemKey => ({
    pk: `AOR#${domainSid}#${aorUser}`,
    sk: `EDGE#${edge}`,
  }),
  bindingPartition: (domainSid: string, aorUser: string): string => `AOR#${domainSid}#${aorUser}`,
  /** GSI1 partition listing every binding item of a domain (Registrations.json), by AOR user and edge. */
  domainBindingsGsi: (domainSid: string): string => `REGS#${domainSid}`,
  domainBindingsGsiSort: (aorUser: string, edge: string): string => `${aorUser}#${edge}`,

  /** Call records (call-routing issue): one item per call, listed per account through GSI1. */
  call: (callSid: string): ItemKey => ({ pk: `CALL#${callSid}`, sk: 'CALL' }),
  accountCallsGsi: (accountSid: string): string => `CALLS#${accountSid}`,
  /** GSI1 sort key listing calls or alerts newest first (queries read ascending): inverted creation ms. */
  newestFirst: (createdAtMs: number, sid: string): string =>
    `${(0xffffffffffff - Math.floor(createdAtMs)).toString(16).padStart(12, '0')}#${sid}`,
  /** Debugger alerts (Monitor API): one item per alert, listed per account through GSI1. */
  alert: (alertSid: string): ItemKey => ({ pk: `ALERT#${alertSid}`, sk: 'ALERT' }),
  accountAlertsGsi: (accountSid: string): string => `ALERTS#${accountSid}`,
  /** TwiML Bins live in the account partition, so another account's SID is "not found". */
  twimlBin: (accountSid: string, binSid: string): ItemKey => ({
    pk: `ACCOUNT#${accountSid}`,
    sk: `TWIMLBIN#${binSid}`,
  }),
  twimlBinPrefix: 'TWIMLBIN#',
} as const;
