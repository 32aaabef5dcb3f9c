import { tmpdir } from 'node:os';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '#functions/admin/cli/run-cli.js';
import {
  type CallRecord,
  createCallRecord,
  getCallRecord,
  listAccountCalls,
  type NewCall,
  updateCallStatus,
} from '#functions/shared/store/call-store.js';
import { type ApiHarness, startApiHarness } from './api-harness.js';
import { localTwilioHttpClient } from './twilio-http-client.js';

const DOMAIN_SID = `SD${'1'.repeat(32)}`;

describe('Calls: store and API', () => {
  let h: ApiHarness;
  const inbound = (overrides: Partial<NewCall> = {}): NewCall => ({
    accountSid: h.a.sid,
    parentCallSid: null,
    domainSid: DOMAIN_SID,
    from: 'sip:alice@acme.sip.localhost',
    to: 'sip:+14155551212@acme.sip.localhost',
    direction: 'inbound',
    status: 'ringing',
    sipCallId: 'a84b4c76e66710@192.0.2.4',
    nowMs: h.now(),
    ...overrides,
  });
  const create = async (overrides: Partial<NewCall> = {}) => {
    h.advance(1000);
    return createCallRecord(h.store, inbound(overrides));
  };

  beforeAll(async () => {
    h = await startApiHarness();
  });
  afterAll(() => h.stop());

  describe('store', () => {
    it('creates a call with a CA SID, its first status in the history and a TTL', async () => {
      const call = await create();
      expect(call.sid).toMatch(/^CA[0-9a-f]{32}$/);
      expect(call.history).toEqual([{ status: 'ringing', atMs: call.startTimeMs, sipResponseCode: null }]);
      expect(await getCallRecord(h.store, h.a.sid, call.sid, h.now())).toEqual(call);
      const item = await h.store.doc.send(
        new GetCommand({
          TableName: h.store.tableName,
          Key: { pk: `CALL#${call.sid}`, sk: 'CALL' },
        }),
      );
      expect(item.Item?.expiresAt).toBe(Math.ceil((call.startTimeMs + 30 * 24 * 3600 * 1000) / 1000));
    });

    it('MUST append each status change to the history (Twilio CallStatus values)', async () => {
      const call = await create();
      const answered = await updateCallStatus(h.store, call.sid, {
        status: 'in-progress',
        atMs: call.startTimeMs + 2000,
        answeredAtMs: call.startTimeMs + 2000,
        sipResponseCode: 200,
      });
      const ended = await updateCallStatus(h.store, call.sid, {
        status: 'completed',
        atMs: call.startTimeMs + 62_000,
        endedAtMs: call.startTimeMs + 62_000,
        durationSec: 60,
      });
      expect(answered.ok).toBe(true);
      expect(ended.ok && ended.value).toMatchObject({
        status: 'completed',
        answeredAtMs: call.startTimeMs + 2000,
        endedAtMs: call.startTimeMs + 62_000,
        durationSec: 60,
        sipResponseCode: 200,
        dateUpdatedMs: call.startTimeMs + 62_000,
      });
      expect(ended.ok && ended.value.history.map((c) => [c.status, c.sipResponseCode])).toEqual([
        ['ringing', null],
        ['in-progress', 200],
        ['completed', null],
      ]);
    });

    it('MUST NOT move a call backwards or out of a final status (a late 180, a CANCEL after 200)', async () => {
      const call = await create();
      const at = call.startTimeMs + 1;
      expect((await updateCallStatus(h.store, call.sid, { status: 'ringing', atMs: at })).ok).toBe(false);
      await updateCallStatus(h.store, call.sid, {
        status: 'busy',
        atMs: at,
        endedAtMs: at,
        sipResponseCode: 486,
      });
      for (const status of ['in-progress', 'canceled', 'completed', 'ringing'] as const) {
        expect(await updateCallStatus(h.store, call.sid, { status, atMs: at + 1 })).toEqual({
          ok: false,
          error: 'staleStatus',
        });
      }
      const stored = await getCallRecord(h.store, h.a.sid, call.sid, h.now());
      expect(stored?.status).toBe('busy');
      expect(stored?.history.map((c) => c.status)).toEqual(['ringing', 'busy']);
    });

    it('MUST record a leg created with its first statuses in one write, history in order', async () => {
      h.advance(1000);
      const t = h.now();
      const leg = await createCallRecord(h.store, inbound({ status: 'queued', nowMs: t }), [
        { status: 'in-progress', atMs: t + 2000, answeredAtMs: t + 2000 },
        { status: 'completed', atMs: t + 5000, endedAtMs: t + 5000, durationSec: 3, sipResponseCode: 200 },
      ]);
      expect(leg).toMatchObject({
        status: 'completed',
        answeredAtMs: t + 2000,
        endedAtMs: t + 5000,
        durationSec: 3,
        sipResponseCode: 200,
        dateCreatedMs: t,
        dateUpdatedMs: t + 5000,
      });
      expect(leg.history).toEqual([
        { status: 'queued', atMs: t, sipResponseCode: null },
        { status: 'in-progress', atMs: t + 2000, sipResponseCode: null },
        { status: 'completed', atMs: t + 5000, sipResponseCode: 200 },
      ]);
      expect(await getCallRecord(h.store, h.a.sid, leg.sid, h.now())).toEqual(leg);
      await expect(
        createCallRecord(h.store, inbound({ status: 'queued' }), [{ status: 'completed', atMs: t }]),
      ).rejects.toThrow('call status queued cannot move to completed');
    });

    it('MUST move a call through several statuses in one update, or not at all when the first may not follow', async () => {
      const call = await create();
      const at = call.startTimeMs;
      const answered = { status: 'in-progress', atMs: at + 1000, answeredAtMs: at + 1000 } as const;
      const ended = { status: 'completed', atMs: at + 4000, endedAtMs: at + 4000, durationSec: 3 } as const;
      const moved = await updateCallStatus(h.store, call.sid, answered, ended);
      expect(moved.ok && moved.value).toMatchObject({
        status: 'completed',
        answeredAtMs: at + 1000,
        durationSec: 3,
      });
      expect(moved.ok && moved.value.history.map((c) => [c.status, c.atMs])).toEqual([
        ['ringing', at],
        ['in-progress', at + 1000],
        ['completed', at + 4000],
      ]);
      expect(await updateCallStatus(h.store, call.sid, answered, ended)).toEqual({
        ok: false,
        error: 'staleStatus',
      });
      expect((await getCallRecord(h.store, h.a.sid, call.sid, h.now()))?.history).toHaveLength(3);
    });

    it('answers notFound for an unknown call, and hides other accounts’ calls', async () => {
      expect(await updateCallStatus(h.store, `CA${'0'.repeat(32)}`, { status: 'ringing', atMs: 1 })).toEqual({
        ok: false,
        error: 'notFound',
      });
      const call = await create();
      expect(await getCallRecord(h.store, h.b.sid, call.sid, h.now())).toBeUndefined();
    });

    it('MUST page filtered lists without skipping rows: a page stops after 10 reads, its token resumes', async () => {
      const accountSid = `AC${'7'.repeat(32)}`;
      await create({ accountSid, from: 'wanted' });
      for (let i = 0; i < 11; i++) await create({ accountSid, from: 'other' });
      const page = (pageToken?: string) =>
        listAccountCalls(
          h.store,
          accountSid,
          { pageSize: 1, ...(pageToken === undefined ? {} : { pageToken }) },
          { from: 'wanted' },
          h.now(),
        );
      const first = await page();
      expect(first.ok && first.value.records).toEqual([]);
      const token = first.ok ? first.value.nextPageToken : undefined;
      expect(token).toBeDefined();
      const second = await page(token);
      expect(second.ok && second.value.records.map((c) => c.from)).toEqual(['wanted']);
      expect(second.ok && second.value.nextPageToken).toBeUndefined();
    });

    it('hides a call past its retention (dynalite never deletes by TTL)', async () => {
      const call = await create();
      const later = call.startTimeMs + 30 * 24 * 3600 * 1000 + 1000;
      expect(await getCallRecord(h.store, h.a.sid, call.sid, later)).toBeUndefined();
    });
  });

  describe('API', () => {
    let b: ApiHarness;
    let parent: CallRecord;
    let child: CallRecord;
    beforeAll(async () => {
      // A fresh harness: the store tests above leave calls in account a.
      b = await startApiHarness();
      const seed = (overrides: Partial<NewCall>) => {
        b.advance(1000);
        return createCallRecord(b.store, {
          accountSid: b.a.sid,
          parentCallSid: null,
          domainSid: DOMAIN_SID,
          from: 'sip:alice@acme.sip.localhost',
          to: 'sip:+14155551212@acme.sip.localhost',
          direction: 'inbound',
          status: 'ringing',
          sipCallId: 'call-1@192.0.2.4',
          nowMs: b.now(),
          ...overrides,
        });
      };
      parent = await seed({});
      child = await seed({
        parentCallSid: parent.sid,
        direction: 'outbound-dial',
        status: 'queued',
        from: '+15125551212',
        to: 'sip:bob@acme.sip.localhost',
        sipCallId: 'call-2@gateway',
      });
      await updateCallStatus(b.store, parent.sid, {
        status: 'in-progress',
        atMs: b.now(),
        answeredAtMs: b.now(),
        sipResponseCode: 200,
      });
      await updateCallStatus(b.store, parent.sid, {
        status: 'completed',
        atMs: b.now() + 42_000,
        endedAtMs: b.now() + 42_000,
        durationSec: 42,
      });
      for (let i = 0; i < 3; i++) await seed({ from: `sip:other${i}@acme.sip.localhost`, status: 'queued' });
      await seed({ accountSid: b.b.sid });
    });
    afterAll(() => b.stop());

    it('MUST list the account’s calls newest first, like Twilio', async () => {
      const res = await b.call('GET', 'Calls.json');
      expect(res.status).toBe(200);
      expect(res.body.calls).toHaveLength(5);
      const created = res.body.calls.map((c: { date_created: string }) => Date.parse(c.date_created));
      expect(created).toEqual([...created].sort((x, y) => y - x));
      expect(res.body.calls.at(-1).sid).toBe(parent.sid);
      expect(res.body.calls.map((c: { account_sid: string }) => c.account_sid)).toEqual(
        Array(5).fill(b.a.sid),
      );
    });

    it('serves the Twilio Call shape, with the status history as the sipedge extension', async () => {
      const res = await b.call('GET', `Calls/${parent.sid}.json`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        sid: parent.sid,
        account_sid: b.a.sid,
        parent_call_sid: null,
        to: 'sip:+14155551212@acme.sip.localhost',
        from: 'sip:alice@acme.sip.localhost',
        status: 'completed',
        direction: 'inbound',
        duration: '42',
        api_version: '2010-04-01',
        answered_by: null,
        price: null,
        uri: `/2010-04-01/Accounts/${b.a.sid}/Calls/${parent.sid}.json`,
        sipedge: { domain_sid: DOMAIN_SID, sip_call_id: 'call-1@192.0.2.4', sip_response_code: 200 },
      });
      expect(res.body.start_time).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
      expect(Date.parse(res.body.end_time) - Date.parse(res.body.start_time)).toBeGreaterThanOrEqual(42_000);
      expect(res.body.sipedge.status_history.map((s: { status: string }) => s.status)).toEqual([
        'ringing',
        'in-progress',
        'completed',
      ]);
      const ongoing = await b.call('GET', `Calls/${child.sid}.json`);
      expect(ongoing.body).toMatchObject({
        parent_call_sid: parent.sid,
        direction: 'outbound-dial',
        status: 'queued',
        end_time: null,
        duration: null,
      });
    });

    it('MUST filter by To, From, Status and ParentCallSid, and keep the filters in next_page_uri', async () => {
      const byFrom = await b.call('GET', 'Calls.json?From=sip%3Aother1%40acme.sip.localhost');
      expect(byFrom.body.calls.map((c: { from: string }) => c.from)).toEqual([
        'sip:other1@acme.sip.localhost',
      ]);
      const byTo = await b.call('GET', 'Calls.json?To=sip%3Abob%40acme.sip.localhost');
      expect(byTo.body.calls.map((c: { sid: string }) => c.sid)).toEqual([child.sid]);
      const byParent = await b.call('GET', `Calls.json?ParentCallSid=${parent.sid}`);
      expect(byParent.body.calls.map((c: { sid: string }) => c.sid)).toEqual([child.sid]);
      const page1 = await b.call('GET', 'Calls.json?Status=queued&PageSize=2');
      expect(page1.body.calls.map((c: { status: string }) => c.status)).toEqual(['queued', 'queued']);
      expect(page1.body.next_page_uri).toContain('Status=queued');
      const next = page1.body.next_page_uri.replace(`/2010-04-01/Accounts/${b.a.sid}/`, '');
      const page2 = await b.call('GET', next);
      expect(page2.body.calls.map((c: { status: string }) => c.status)).toEqual(['queued', 'queued']);
      const all = [...page1.body.calls, ...page2.body.calls].map((c: { sid: string }) => c.sid);
      expect(new Set(all).size).toBe(4);
      const completed = await b.call('GET', 'Calls.json?Status=completed&PageSize=1');
      expect(completed.body.calls.map((c: { sid: string }) => c.sid)).toEqual([parent.sid]);
      expect(completed.body.next_page_uri).toBeNull();
      expect((await b.call('GET', 'Calls.json?Status=done')).body).toMatchObject({
        status: 400,
        code: 20001,
      });
    });

    it('MUST answer 404 for another account’s call and 405 for writes', async () => {
      expect((await b.call('GET', `Calls/${parent.sid}.json`, undefined, b.b)).body).toMatchObject({
        status: 404,
        code: 20404,
      });
      expect((await b.call('DELETE', `Calls/${parent.sid}.json`)).status).toBe(405);
    });

    it('lists and fetches calls through the official twilio client', async () => {
      // biome-ignore lint/suspicious/noExplicitAny: the client's RequestClient type is a class; ours is duck-typed
      const client = twilio(b.a.sid, b.a.token, { httpClient: localTwilioHttpClient(b.baseUrl) as any });
      const calls = await client.calls.list({ pageSize: 2 });
      expect(calls).toHaveLength(5);
      const fetched = await client.calls(parent.sid).fetch();
      expect(fetched.status).toBe('completed');
      expect(fetched.duration).toBe('42');
      expect(fetched.startTime).toBeInstanceOf(Date);
      expect(fetched.parentCallSid).toBeNull();
      expect((await client.calls.list({ parentCallSid: parent.sid })).map((c) => c.sid)).toEqual([child.sid]);
      await expect(client.calls(`CA${'0'.repeat(32)}`).fetch()).rejects.toMatchObject({ status: 404 });
    });

    it('sipedge calls list|get', async () => {
      const env = { SIPEDGE_API_URL: b.baseUrl, SIPEDGE_ACCOUNT_SID: b.a.sid, SIPEDGE_AUTH_TOKEN: b.a.token };
      const run = async (...argv: string[]) => {
        const out: string[] = [];
        const code = await runCli(argv, { env, cwd: tmpdir(), out: (t) => out.push(t), err: () => {} });
        return { code, out: out.join('') };
      };
      const list = await run('calls', 'list');
      expect(list.code).toBe(0);
      expect(list.out.split('\n')[0]).toMatch(/^SID\s+PARENT_CALL_SID\s+DIRECTION\s+FROM\s+TO\s+STATUS/);
      expect(list.out.split('\n').filter((l) => l.startsWith('CA'))).toHaveLength(5);
      const get = await run('calls', 'get', child.sid, '--json');
      expect(JSON.parse(get.out).parent_call_sid).toBe(parent.sid);
    });
  });
});
