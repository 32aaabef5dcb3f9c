import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '#test/support/local-runtime-process.js';
import { TestUa } from '#test/support/test-ua.js';

/** `npm start` as a user runs it: a child process with its own store, checked from outside. */
describe('local runtime (npm start)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sipedge-local-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const accountOf = (runtime: LocalRuntime) => {
    const ready = runtime.logs.find((l) => l.msg === 'SipEdge local runtime ready');
    return { sid: String(ready?.accountSid), token: String(ready?.authToken) };
  };

  it('serves health, SIP and the API; keeps its data across a restart; stops cleanly on SIGTERM', async () => {
    const first = await startLocalRuntime({ dataDir });
    onTestFinished(() => void first.stop());
    const account = accountOf(first);
    expect(account.sid).toMatch(/^AC[0-9a-f]{32}$/);

    const health = await fetch(`http://127.0.0.1:${first.httpPort}/health`);
    expect(health.status).toBe(200);

    const ua = await TestUa.open({ protocol: 'udp', port: first.sipPorts.udp });
    const options = await ua.call({ method: 'OPTIONS', uri: `sip:127.0.0.1:${first.sipPorts.udp}` });
    await ua.close();
    expect(options.status).toBe(200);
    await first.waitForLog((l) => l.method === 'OPTIONS' && l.callId === options.base.callId);

    const auth = `Basic ${Buffer.from(`${account.sid}:${account.token}`).toString('base64')}`;
    const domains = (runtime: LocalRuntime) =>
      `http://127.0.0.1:${runtime.httpPort}/2010-04-01/Accounts/${account.sid}/SIP/Domains.json`;
    const created = await fetch(domains(first), {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'DomainName=persist.sip.localhost&SipRegistration=true',
    });
    expect(created.status).toBe(201);
    expect(await first.stop()).toBe(0);

    const second = await startLocalRuntime({ dataDir });
    onTestFinished(() => void second.stop());
    expect(accountOf(second)).toEqual(account);
    const listed = (await (await fetch(domains(second), { headers: { authorization: auth } })).json()) as {
      domains: { domain_name: string }[];
    };
    expect(listed.domains.map((d) => d.domain_name)).toEqual(['persist.sip.localhost']);
    expect(await second.stop()).toBe(0);
  });

  it('keeps nothing with --memory', async () => {
    const runtime = await startLocalRuntime({ args: ['--memory'] });
    onTestFinished(() => void runtime.stop());
    const ready = runtime.logs.find((l) => l.msg === 'SipEdge local runtime ready');
    expect(ready?.dataDir).toBeNull();
    expect(await runtime.stop()).toBe(0);
  });
});
