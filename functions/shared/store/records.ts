/** Stored records as the store returns them (dates are ISO-8601 strings; the wire format converts). */
export interface Dated {
  readonly dateCreated: string;
  readonly dateUpdated: string;
}

export interface AccountRecord extends Dated {
  readonly sid: string;
  /** Kept recoverable: webhooks are signed with it (HMAC-SHA1, X-Twilio-Signature). */
  readonly authToken: string;
  readonly friendlyName: string;
}

export type HttpMethod = 'GET' | 'POST';

/** The settable fields of a domain (create/update parameters). */
export interface DomainSettings {
  readonly domainName: string;
  readonly friendlyName: string | null;
  readonly voiceUrl: string | null;
  readonly voiceMethod: HttpMethod;
  readonly voiceFallbackUrl: string | null;
  readonly voiceFallbackMethod: HttpMethod;
  readonly voiceStatusCallbackUrl: string | null;
  readonly voiceStatusCallbackMethod: HttpMethod;
  readonly sipRegistration: boolean;
  readonly emergencyCallingEnabled: boolean;
  readonly secure: boolean;
  readonly byocTrunkSid: string | null;
  readonly emergencyCallerSid: string | null;
}

export interface DomainRecord extends DomainSettings, Dated {
  readonly sid: string;
  readonly accountSid: string;
}

export interface CredentialListRecord extends Dated {
  readonly sid: string;
  readonly accountSid: string;
  readonly friendlyName: string;
}

export interface CredentialRecord extends Dated {
  readonly sid: string;
  readonly accountSid: string;
  readonly credentialListSid: string;
  readonly username: string;
}

export interface IpAclRecord extends Dated {
  readonly sid: string;
  readonly accountSid: string;
  readonly friendlyName: string;
}

export interface IpAddressRecord extends Dated {
  readonly sid: string;
  readonly accountSid: string;
  readonly ipAccessControlListSid: string;
  readonly friendlyName: string;
  readonly ipAddress: string;
  readonly cidrPrefixLength: number;
}
