import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getAccount, putAccount } from '#functions/shared/store/account-store.js';
import { isSid, newSid } from '#functions/shared/store/sid.js';
import type { StoreContext } from '#functions/shared/store/store-context.js';

export interface LocalAccountOptions {
  readonly store: StoreContext;
  /** e.g. `./.sipedge`; the generated account is kept in `<dataDir>/account.json` (mode 0600). */
  readonly dataDir: string;
  /** From SIPEDGE_ACCOUNT_SID / SIPEDGE_AUTH_TOKEN (both or neither). */
  readonly accountSid?: string;
  readonly authToken?: string;
  readonly now?: () => number;
}

export interface LocalAccount {
  readonly accountSid: string;
  readonly authToken: string;
}

async function readAccountFile(path: string): Promise<LocalAccount | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed: unknown = JSON.parse(text);
  const { accountSid, authToken } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof accountSid !== 'string' || typeof authToken !== 'string' || !isSid('AC', accountSid)) {
    throw new Error(`${path} is not a SipEdge account file (expected {"accountSid","authToken"})`);
  }
  return { accountSid, authToken };
}

/**
 * The local runtime's single account: the configured one, else the one in `<dataDir>/account.json`,
 * else a new one written there. Whichever it is, it is (re)written to the store so a fresh in-memory
 * store works with an existing account file. The caller prints it at start-up.
 */
export async function ensureLocalAccount(options: LocalAccountOptions): Promise<LocalAccount> {
  const now = options.now ?? Date.now;
  if ((options.accountSid === undefined) !== (options.authToken === undefined)) {
    throw new Error('SIPEDGE_ACCOUNT_SID and SIPEDGE_AUTH_TOKEN must be set together');
  }
  const path = join(options.dataDir, 'account.json');
  let account: LocalAccount | undefined;
  if (options.accountSid !== undefined && options.authToken !== undefined) {
    if (!isSid('AC', options.accountSid)) throw new Error('SIPEDGE_ACCOUNT_SID must be AC + 32 hex digits');
    if (options.authToken.length < 16) throw new Error('SIPEDGE_AUTH_TOKEN must be at least 16 characters');
    account = { accountSid: options.accountSid, authToken: options.authToken };
  } else {
    account = await readAccountFile(path);
  }
  if (account === undefined) {
    account = { accountSid: newSid('AC', now()), authToken: randomBytes(16).toString('hex') };
    await mkdir(options.dataDir, { recursive: true });
    await writeFile(path, `${JSON.stringify(account, null, 2)}\n`, { mode: 0o600 });
  }
  const stored = await getAccount(options.store, account.accountSid);
  if (stored === undefined || stored.authToken !== account.authToken) {
    const date = new Date(now()).toISOString();
    await putAccount(options.store, {
      sid: account.accountSid,
      authToken: account.authToken,
      friendlyName: stored?.friendlyName ?? 'SipEdge local account',
      dateCreated: stored?.dateCreated ?? date,
      dateUpdated: date,
    });
  }
  return account;
}
