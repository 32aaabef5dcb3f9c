import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { err, ok, type Result } from '#functions/shared/result.js';

export interface CliCredentials {
  readonly apiUrl: string;
  readonly accountSid: string;
  readonly authToken: string;
}

export interface CredentialSources {
  readonly flags: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** Flags, then SIPEDGE_* variables, then `./.sipedge/account.json` (written by `npm start`). */
export async function resolveCredentials(
  sources: CredentialSources,
): Promise<Result<CliCredentials, string>> {
  const { flags, env } = sources;
  const apiUrl = flags['api-url'] ?? env.SIPEDGE_API_URL ?? 'http://127.0.0.1:8080';
  let accountSid = flags['account-sid'] ?? env.SIPEDGE_ACCOUNT_SID;
  let authToken = flags['auth-token'] ?? env.SIPEDGE_AUTH_TOKEN;
  if (accountSid === undefined || authToken === undefined) {
    const path = join(sources.cwd, '.sipedge', 'account.json');
    try {
      const file = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
      if (typeof file.accountSid === 'string') accountSid ??= file.accountSid;
      if (typeof file.authToken === 'string') authToken ??= file.authToken;
    } catch {
      // no account file: reported below
    }
  }
  if (accountSid === undefined || authToken === undefined) {
    return err(
      'no credentials: set SIPEDGE_ACCOUNT_SID and SIPEDGE_AUTH_TOKEN, or run `npm start` here first',
    );
  }
  return ok({ apiUrl: apiUrl.replace(/\/+$/, ''), accountSid, authToken });
}

export interface ApiReply {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: API JSON is rendered generically
  readonly body: any;
}

/** One request to the API; `path` is below /2010-04-01/Accounts/{sid}/ unless it starts with '/'. */
export async function apiRequest(
  creds: CliCredentials,
  method: string,
  path: string,
  form?: Readonly<Record<string, string>>,
): Promise<Result<ApiReply, string>> {
  const url = path.startsWith('/')
    ? `${creds.apiUrl}${path}`
    : `${creds.apiUrl}/2010-04-01/Accounts/${creds.accountSid}/${path}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: {
        authorization: `Basic ${Buffer.from(`${creds.accountSid}:${creds.authToken}`).toString('base64')}`,
        ...(form === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(form === undefined ? {} : { body: new URLSearchParams(form).toString() }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return err(
      `cannot reach ${creds.apiUrl}: ${error instanceof Error ? error.message : String(error)}${cause}`,
    );
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    return err(`HTTP ${res.status}: response is not JSON`);
  }
  if (res.status >= 400) {
    const e = (body ?? {}) as Record<string, unknown>;
    return err(
      `error ${String(e.code ?? res.status)}: ${String(e.message ?? 'request failed')} (HTTP ${res.status})`,
    );
  }
  return ok({ status: res.status, body });
}
