/**
 * Provisions a domain with registration enabled and its users through the admin API, as a
 * customer would: credential lists of up to 1,000 users, mapped for registrations and calls.
 */
import { type ApiReply, apiRequest, type CliCredentials } from '#functions/admin/cli/api-client.js';

export interface ProvisionedDomain {
  readonly domainSid: string;
  readonly credentialListSids: readonly string[];
}

export interface DomainSpec {
  readonly domainName: string;
  readonly users: ReadonlyArray<{ readonly username: string; readonly password: string }>;
  readonly voiceUrl?: string;
  /** Parallel API requests while creating credentials. */
  readonly concurrency?: number;
}

const USERS_PER_LIST = 1000;

async function call(creds: CliCredentials, path: string, form: Record<string, string>): Promise<ApiReply> {
  const reply = await apiRequest(creds, 'POST', path, form);
  if (!reply.ok) throw new Error(`POST ${path}: ${reply.error}`);
  if (reply.value.status >= 300) throw new Error(`POST ${path}: ${JSON.stringify(reply.value.body)}`);
  return reply.value;
}

export async function provisionDomain(creds: CliCredentials, spec: DomainSpec): Promise<ProvisionedDomain> {
  const domain = await call(creds, 'SIP/Domains.json', {
    DomainName: spec.domainName,
    SipRegistration: 'true',
    ...(spec.voiceUrl ? { VoiceUrl: spec.voiceUrl } : {}),
  });
  const domainSid = domain.body.sid as string;
  const credentialListSids: string[] = [];
  for (let start = 0; start < spec.users.length; start += USERS_PER_LIST) {
    const list = await call(creds, 'SIP/CredentialLists.json', {
      FriendlyName: `${spec.domainName} users ${start}`,
    });
    const listSid = list.body.sid as string;
    credentialListSids.push(listSid);
    const batch = spec.users.slice(start, start + USERS_PER_LIST);
    let next = 0;
    const worker = async () => {
      while (next < batch.length) {
        const user = batch[next++];
        if (user === undefined) break;
        await call(creds, `SIP/CredentialLists/${listSid}/Credentials.json`, {
          Username: user.username,
          Password: user.password,
        });
      }
    };
    await Promise.all(Array.from({ length: spec.concurrency ?? 8 }, worker));
    for (const path of ['Auth/Registrations/CredentialListMappings', 'Auth/Calls/CredentialListMappings']) {
      await call(creds, `SIP/Domains/${domainSid}/${path}.json`, { CredentialListSid: listSid });
    }
  }
  return { domainSid, credentialListSids };
}

/** The bench harness's user scheme (../shared/bench/sipp/gen-users.sh): userNNNN / Pw-userNNNN-Secret1. */
export function benchUsers(count: number): Array<{ username: string; password: string }> {
  return Array.from({ length: count }, (_, i) => {
    const username = `user${String(i).padStart(4, '0')}`;
    return { username, password: `Pw-${username}-Secret1` };
  });
}
