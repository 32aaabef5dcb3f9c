export type Action = 'list' | 'get' | 'create' | 'update' | 'delete';

/** One CLI resource: where it lives in the API and how it prints. */
export interface ResourceSpec {
  readonly name: string;
  readonly summary: string;
  /** Names of the parent SIDs given as positionals before the resource's own SID. */
  readonly parents: readonly string[];
  /** Collection path (without `.json`) below the account, from the parent SIDs. */
  readonly collection: (parents: readonly string[]) => string;
  /** Twilio Monitor (v1): the collection is below `/v1/`, without `.json`, paged by `meta.next_page_url`. */
  readonly api?: 'monitor';
  readonly listKey: string;
  readonly columns: readonly string[];
  readonly actions: readonly Action[];
  /** Example flags shown in help. */
  readonly createFlags?: string;
}

const CRUD: readonly Action[] = ['list', 'get', 'create', 'update', 'delete'];
const MAPPING: readonly Action[] = ['list', 'get', 'create', 'delete'];
const domain = (p: readonly string[]) => `SIP/Domains/${p[0]}`;

export const RESOURCES: readonly ResourceSpec[] = [
  {
    name: 'domains',
    summary: 'SIP domains',
    parents: [],
    collection: () => 'SIP/Domains',
    listKey: 'domains',
    columns: ['sid', 'domain_name', 'friendly_name', 'auth_type', 'sip_registration', 'secure', 'voice_url'],
    actions: CRUD,
    createFlags:
      '--domain-name acme.sip.localhost [--sip-registration] [--voice-url URL] [--friendly-name NAME]',
  },
  {
    name: 'registrations',
    summary: "a domain's active registrations",
    parents: ['domain-sid'],
    collection: (p) => `${domain(p)}/Registrations`,
    listKey: 'registrations',
    columns: ['aor', 'contact', 'edge', 'transport', 'source_address', 'user_agent', 'expires_in'],
    actions: ['list'],
  },
  {
    name: 'credential-lists',
    summary: 'credential lists',
    parents: [],
    collection: () => 'SIP/CredentialLists',
    listKey: 'credential_lists',
    columns: ['sid', 'friendly_name', 'date_created'],
    actions: CRUD,
    createFlags: '--friendly-name NAME',
  },
  {
    name: 'credentials',
    summary: 'credentials of a list (passwords are never shown)',
    parents: ['credential-list-sid'],
    collection: (p) => `SIP/CredentialLists/${p[0]}/Credentials`,
    listKey: 'credentials',
    columns: ['sid', 'username', 'date_created'],
    actions: CRUD,
    createFlags: '--username alice --password IWasAtSignal2018',
  },
  {
    name: 'ip-acls',
    summary: 'IP access control lists',
    parents: [],
    collection: () => 'SIP/IpAccessControlLists',
    listKey: 'ip_access_control_lists',
    columns: ['sid', 'friendly_name', 'date_created'],
    actions: CRUD,
    createFlags: '--friendly-name NAME',
  },
  {
    name: 'ip-addresses',
    summary: 'entries of an IP access control list',
    parents: ['ip-acl-sid'],
    collection: (p) => `SIP/IpAccessControlLists/${p[0]}/IpAddresses`,
    listKey: 'ip_addresses',
    columns: ['sid', 'friendly_name', 'ip_address', 'cidr_prefix_length'],
    actions: CRUD,
    createFlags: '--friendly-name pbx --ip-address 203.0.113.5 [--cidr-prefix-length 32]',
  },
  {
    name: 'calls-credential-list-mappings',
    summary: 'credential lists authenticating calls to a domain',
    parents: ['domain-sid'],
    collection: (p) => `${domain(p)}/Auth/Calls/CredentialListMappings`,
    listKey: 'contents',
    columns: ['sid', 'friendly_name', 'date_created'],
    actions: MAPPING,
    createFlags: '--credential-list-sid CL...',
  },
  {
    name: 'calls-ip-acl-mappings',
    summary: 'IP ACLs authenticating calls to a domain',
    parents: ['domain-sid'],
    collection: (p) => `${domain(p)}/Auth/Calls/IpAccessControlListMappings`,
    listKey: 'contents',
    columns: ['sid', 'friendly_name', 'date_created'],
    actions: MAPPING,
    createFlags: '--ip-access-control-list-sid AL...',
  },
  {
    name: 'registration-credential-list-mappings',
    summary: 'credential lists authenticating registrations to a domain',
    parents: ['domain-sid'],
    collection: (p) => `${domain(p)}/Auth/Registrations/CredentialListMappings`,
    listKey: 'contents',
    columns: ['sid', 'friendly_name', 'date_created'],
    actions: MAPPING,
    createFlags: '--credential-list-sid CL...',
  },
  {
    name: 'calls',
    summary: 'calls, newest first (each <Dial> leg is its own call)',
    parents: [],
    collection: () => 'Calls',
    listKey: 'calls',
    columns: ['sid', 'parent_call_sid', 'direction', 'from', 'to', 'status', 'start_time', 'duration'],
    actions: ['list', 'get'],
  },
  {
    name: 'alerts',
    summary: 'Debugger alerts (Twilio Monitor), newest first',
    parents: [],
    collection: () => 'Alerts',
    api: 'monitor',
    listKey: 'alerts',
    columns: ['sid', 'date_created', 'log_level', 'error_code', 'resource_sid', 'alert_text'],
    actions: ['list', 'get'],
  },
  {
    name: 'twiml-bins',
    summary: 'TwiML Bins: templates served to the gateway at their url',
    parents: [],
    collection: () => 'TwimlBins',
    listKey: 'twiml_bins',
    columns: ['sid', 'friendly_name', 'url'],
    actions: CRUD,
    createFlags: "--friendly-name NAME --twiml '<Response><Dial>{{#e164}}{{To}}{{/e164}}</Dial></Response>'",
  },
];

/** Flags that may be given without a value (meaning true); `--no-<flag>` means false. */
export const BOOLEAN_FLAGS = new Set([
  'help',
  'sip-registration',
  'secure',
  'emergency-calling-enabled',
  'json',
]);

/** Flags read by the CLI itself, never sent to the API. */
export const CLI_FLAGS = new Set(['json', 'api-url', 'account-sid', 'auth-token', 'page-size']);
