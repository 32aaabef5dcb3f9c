import { createAdminHandler } from '#functions/admin/admin-handler.js';
import type { AdminLimits } from '#functions/admin/admin-limits.js';
import { putAccount } from '#functions/shared/store/account-store.js';
import { newSid } from '#functions/shared/store/sid.js';
import { startLocalHttpServer } from '#sip/local/http-server.js';
import { startTestStore, type TestStore } from '#test/support/embedded-store.js';

export interface TestAccount {
  readonly sid: string;
  readonly token: string;
}

export interface ApiHarness {
  readonly store: TestStore;
  readonly baseUrl: string;
  readonly a: TestAccount;
  readonly b: TestAccount;
  /** The injected clock; tests move it with `advance`. */
  now(): number;
  advance(ms: number): void;
  /** A request as account `as` (default a); `path` is relative to /2010-04-01/Accounts/{sid}/. */
  call(method: string, path: string, form?: Record<string, string>, as?: TestAccount): Promise<ApiResult>;
  stop(): Promise<void>;
}

export interface ApiResult {
  readonly status: number;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test assertions read arbitrary JSON
  readonly body: any;
}

export const basic = (account: TestAccount) =>
  `Basic ${Buffer.from(`${account.sid}:${account.token}`).toString('base64')}`;

/** Embedded store + admin handler + local HTTP server on 127.0.0.1:0, with two accounts. */
export async function startApiHarness(limits: Partial<AdminLimits> = {}): Promise<ApiHarness> {
  const store = await startTestStore();
  let nowMs = Date.UTC(2026, 0, 15, 12, 0, 0);
  const clock = () => nowMs++;
  const makeAccount = async (): Promise<TestAccount> => {
    const account = { sid: newSid('AC', clock()), token: `tok${Math.random().toString(16).slice(2)}abcdef` };
    const date = new Date(clock()).toISOString();
    await putAccount(store, {
      sid: account.sid,
      authToken: account.token,
      friendlyName: 'test',
      dateCreated: date,
      dateUpdated: date,
    });
    return account;
  };
  const a = await makeAccount();
  const b = await makeAccount();
  const adminHandler = createAdminHandler({
    dynamo: store.dynamo,
    tableName: store.tableName,
    zone: 'localhost',
    realm: 'sip.localhost',
    clock,
    limits,
  });
  const server = await startLocalHttpServer({
    host: '127.0.0.1',
    port: 0,
    adminHandler,
    isHealthy: () => true,
  });
  const baseUrl = `http://127.0.0.1:${server.port}`;
  return {
    store,
    baseUrl,
    a,
    b,
    now: () => nowMs,
    advance: (ms) => {
      nowMs += ms;
    },
    async call(method, path, form, as = a) {
      const res = await fetch(`${baseUrl}/2010-04-01/Accounts/${as.sid}/${path}`, {
        method,
        headers: {
          authorization: basic(as),
          ...(form === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
        },
        ...(form === undefined ? {} : { body: new URLSearchParams(form).toString() }),
      });
      const text = await res.text();
      return { status: res.status, text, body: text === '' ? undefined : JSON.parse(text) };
    },
    async stop() {
      await server.close();
      await store.stop();
    },
  };
}
