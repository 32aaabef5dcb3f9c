import { ipv4InCidr, parseIpv4 } from '../ipv4.js';
import { getAccount } from './account-store.js';
import { getStoredDigest, type StoredDigest } from './credential-store.js';
import { getDomainByName } from './domain-store.js';
import { allIpAddresses } from './ip-acl-store.js';
import { allDomainMappings } from './mapping-store.js';
import type { AccountRecord, DomainRecord } from './records.js';
import type { StoreContext } from './store-context.js';
import { TtlCache } from './ttl-cache.js';
import { getTwimlBin, type TwimlBinRecord } from './twiml-bin-store.js';

/** A domain with the list SIDs mapped to it, as the registrar and the router need them. */
export interface DomainAuthConfig {
  readonly domain: DomainRecord;
  readonly callsCredentialListSids: readonly string[];
  readonly callsIpAclSids: readonly string[];
  readonly registrationCredentialListSids: readonly string[];
}

export interface AuthDirectoryOptions {
  readonly store: StoreContext;
  /** Maximum staleness of every answer (documented in docs/data-model.md). */
  readonly cacheTtlMs: number;
  readonly maxCacheEntries: number;
  readonly now: () => number;
}

export interface AuthDirectory {
  domainByName(domainName: string): Promise<DomainAuthConfig | undefined>;
  /** The first credential named `username` in the lists mapped for `purpose`, in mapping order. */
  credentialDigest(
    config: DomainAuthConfig,
    purpose: 'calls' | 'registrations',
    username: string,
  ): Promise<StoredDigest | undefined>;
  /** Whether `ip` matches an entry of an IP ACL mapped to the domain for calls. */
  isIpAllowed(config: DomainAuthConfig, ip: string): Promise<boolean>;
  /** The account, whose auth token signs the domain's webhooks (X-Twilio-Signature). */
  account(accountSid: string): Promise<AccountRecord | undefined>;
  /** A TwiML Bin of the account, for voice URLs that name one of this deployment's bins. */
  twimlBin(accountSid: string, binSid: string): Promise<TwimlBinRecord | undefined>;
}

/** Read side of the data model for the SIP gateway, with bounded-TTL caches per kind of answer. */
export function createAuthDirectory(options: AuthDirectoryOptions): AuthDirectory {
  const cacheOptions = { ttlMs: options.cacheTtlMs, maxEntries: options.maxCacheEntries, now: options.now };
  const domains = new TtlCache<DomainAuthConfig | undefined>(cacheOptions);
  const digests = new TtlCache<StoredDigest | undefined>(cacheOptions);
  const acls = new TtlCache<ReadonlyArray<{ network: number; prefix: number }>>(cacheOptions);
  const accounts = new TtlCache<AccountRecord | undefined>(cacheOptions);
  const bins = new TtlCache<TwimlBinRecord | undefined>(cacheOptions);
  const { store } = options;

  const loadDomain = async (name: string): Promise<DomainAuthConfig | undefined> => {
    const domain = await getDomainByName(store, name);
    if (domain === undefined) return undefined;
    const mappings = await allDomainMappings(store, domain.sid);
    const sids = (kind: string) => mappings.filter((m) => m.kind === kind).map((m) => m.sid);
    return {
      domain,
      callsCredentialListSids: sids('callsCredentialList'),
      callsIpAclSids: sids('callsIpAcl'),
      registrationCredentialListSids: sids('registrationsCredentialList'),
    };
  };

  const loadAcl = async (aclSid: string) =>
    (await allIpAddresses(store, aclSid)).flatMap((entry) => {
      const network = parseIpv4(entry.ipAddress);
      return network === undefined ? [] : [{ network, prefix: entry.cidrPrefixLength }];
    });

  return {
    domainByName: (name) => domains.getOrLoad(name.toLowerCase(), () => loadDomain(name.toLowerCase())),
    async credentialDigest(config, purpose, username) {
      const lists =
        purpose === 'calls' ? config.callsCredentialListSids : config.registrationCredentialListSids;
      for (const listSid of lists) {
        const key = `${listSid}\u0000${username}`;
        const digest = await digests.getOrLoad(key, () => getStoredDigest(store, listSid, username));
        if (digest !== undefined) return digest;
      }
      return undefined;
    },
    async isIpAllowed(config, ip) {
      const address = parseIpv4(ip);
      if (address === undefined) return false;
      for (const aclSid of config.callsIpAclSids) {
        const entries = await acls.getOrLoad(aclSid, () => loadAcl(aclSid));
        if (entries.some((e) => ipv4InCidr(address, e.network, e.prefix))) return true;
      }
      return false;
    },
    account: (accountSid) => accounts.getOrLoad(accountSid, () => getAccount(store, accountSid)),
    twimlBin: (accountSid, binSid) =>
      bins.getOrLoad(`${accountSid}/${binSid}`, () => getTwimlBin(store, accountSid, binSid)),
  };
}
