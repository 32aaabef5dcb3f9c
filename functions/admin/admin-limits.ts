/** Every limit of the provisioning API, with Twilio's values as defaults (reference §10). */
export interface AdminLimits {
  /** 21230 */
  readonly maxDomainsPerAccount: number;
  /** 21239 */
  readonly maxCredentialListsPerAccount: number;
  /** 21239: credential lists mapped to one domain, per mapping kind. */
  readonly maxCredentialListsPerDomain: number;
  /** 21235: IP ACLs mapped to one domain. */
  readonly maxIpAclsPerDomain: number;
  /** 21242 */
  readonly maxCredentialsPerList: number;
  /** 21255 */
  readonly maxIpAclsPerAccount: number;
  /** 21237 */
  readonly maxIpAddressesPerAcl: number;
  /** Domains and credential lists. */
  readonly maxFriendlyNameChars: number;
  /** IP ACLs and IP addresses. */
  readonly maxAclFriendlyNameChars: number;
  readonly maxUsernameChars: number;
  readonly minPasswordChars: number;
  readonly maxPasswordChars: number;
  readonly maxUrlChars: number;
  readonly defaultPageSize: number;
  readonly maxPageSize: number;
}

export const DEFAULT_ADMIN_LIMITS: AdminLimits = {
  maxDomainsPerAccount: 100,
  maxCredentialListsPerAccount: 100,
  maxCredentialListsPerDomain: 100,
  maxIpAclsPerDomain: 100,
  maxCredentialsPerList: 1000,
  maxIpAclsPerAccount: 1000,
  maxIpAddressesPerAcl: 100,
  maxFriendlyNameChars: 64,
  maxAclFriendlyNameChars: 255,
  maxUsernameChars: 32,
  minPasswordChars: 12,
  maxPasswordChars: 128,
  maxUrlChars: 2048,
  defaultPageSize: 50,
  maxPageSize: 1000,
};
