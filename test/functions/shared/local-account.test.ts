import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAccount } from '#functions/shared/store/account-store.js';
import { ensureLocalAccount } from '#sip/local/local-account.js';
import { startTestStore, type TestStore } from '#test/support/embedded-store.js';

describe('ensureLocalAccount', () => {
  let store: TestStore;
  let dataDir: string;
  beforeAll(async () => {
    store = await startTestStore();
    dataDir = mkdtempSync(join(tmpdir(), 'sipedge-account-'));
  });
  afterAll(async () => {
    await store.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('generates an account once, keeps it in account.json (0600) and in the store', async () => {
    const first = await ensureLocalAccount({ store, dataDir });
    expect(first.accountSid).toMatch(/^AC[0-9a-f]{32}$/);
    expect(first.authToken).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.parse(readFileSync(join(dataDir, 'account.json'), 'utf8'))).toEqual(first);
    expect(statSync(join(dataDir, 'account.json')).mode & 0o777).toBe(0o600);
    expect((await getAccount(store, first.accountSid))?.authToken).toBe(first.authToken);
    expect(await ensureLocalAccount({ store, dataDir })).toEqual(first);
  });

  it('uses SIPEDGE_ACCOUNT_SID / SIPEDGE_AUTH_TOKEN when given', async () => {
    const accountSid = `AC${'ab'.repeat(16)}`;
    const account = await ensureLocalAccount({ store, dataDir, accountSid, authToken: 'a-configured-token' });
    expect(account).toEqual({ accountSid, authToken: 'a-configured-token' });
    expect((await getAccount(store, accountSid))?.authToken).toBe('a-configured-token');
    await expect(ensureLocalAccount({ store, dataDir, accountSid })).rejects.toThrow(/together/);
    await expect(
      ensureLocalAccount({ store, dataDir, accountSid: 'ACbad', authToken: 'x'.repeat(20) }),
    ).rejects.toThrow();
  });
});
