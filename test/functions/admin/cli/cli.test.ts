import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '#functions/admin/cli/run-cli.js';
import { type ApiHarness, startApiHarness } from '../api-harness.js';

const LAUNCHER = fileURLToPath(new URL('../../../../functions/admin/cli/sipedge.mjs', import.meta.url));

describe('sipedge CLI', () => {
  let h: ApiHarness;
  let env: Record<string, string>;
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { env, cwd: tmpdir(), out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join(''), err: err.join('') };
  };
  beforeAll(async () => {
    h = await startApiHarness();
    env = { SIPEDGE_API_URL: h.baseUrl, SIPEDGE_ACCOUNT_SID: h.a.sid, SIPEDGE_AUTH_TOKEN: h.a.token };
  });
  afterAll(() => h.stop());

  it('provisions a domain, a credential list with a user, an IP ACL and all three mappings', async () => {
    const domain = await run(
      'domains',
      'create',
      '--domain-name',
      'cli.sip.localhost',
      '--sip-registration',
      '--json',
    );
    expect(domain.code).toBe(0);
    const domainSid = JSON.parse(domain.out).sid as string;
    expect(JSON.parse(domain.out).sip_registration).toBe(true);
    const list = JSON.parse(
      (await run('credential-lists', 'create', '--friendly-name', 'Phones', '--json')).out,
    ).sid;
    const cred = await run(
      'credentials',
      'create',
      list,
      '--username',
      'alice',
      '--password',
      'IWasAtSignal2018',
    );
    expect(cred.out).toMatch(/^SID\s+USERNAME/);
    expect(cred.out).not.toContain('IWasAtSignal2018');
    const acl = JSON.parse((await run('ip-acls', 'create', '--friendly-name', 'PBX', '--json')).out).sid;
    expect(
      (await run('ip-addresses', 'create', acl, '--friendly-name', 'pbx', '--ip-address', '203.0.113.5'))
        .code,
    ).toBe(0);
    expect(
      (await run('calls-credential-list-mappings', 'create', domainSid, '--credential-list-sid', list)).code,
    ).toBe(0);
    expect(
      (await run('calls-ip-acl-mappings', 'create', domainSid, '--ip-access-control-list-sid', acl)).code,
    ).toBe(0);
    expect(
      (await run('registration-credential-list-mappings', 'create', domainSid, '--credential-list-sid', list))
        .code,
    ).toBe(0);

    const table = await run('domains', 'list');
    expect(table.out.split('\n')[0]).toMatch(/^SID\s+DOMAIN_NAME\s+FRIENDLY_NAME\s+AUTH_TYPE/);
    expect(table.out).toContain('CREDENTIAL_LIST,IP_ACL');
    expect((await run('domains', 'update', domainSid, '--no-sip-registration', '--json')).out).toContain(
      '"sip_registration": false',
    );
    expect((await run('registrations', 'list', domainSid)).out).toMatch(/^AOR/);
    expect((await run('calls-ip-acl-mappings', 'delete', domainSid, acl)).out).toBe(`deleted ${acl}\n`);
  });

  it('prints API errors as one line and exits non-zero', async () => {
    const res = await run('domains', 'create', '--domain-name', 'bad_name.sip.localhost');
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/^sipedge: error 21232: .+ \(HTTP 400\)\n$/);
    expect((await run('domains', 'get')).code).toBe(2);
    expect((await run('nope', 'list')).err).toContain('unknown resource');
    env = { ...env, SIPEDGE_AUTH_TOKEN: 'wrong' };
    const denied = await run('domains', 'list');
    env = { ...env, SIPEDGE_AUTH_TOKEN: h.a.token };
    expect(denied.err).toBe('sipedge: error 20003: Authenticate (HTTP 401)\n');
  });

  it('runs through the bin launcher with ./.sipedge/account.json credentials', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'sipedge-cli-'));
    try {
      mkdirSync(join(cwd, '.sipedge'));
      writeFileSync(
        join(cwd, '.sipedge', 'account.json'),
        JSON.stringify({ accountSid: h.a.sid, authToken: h.a.token }),
      );
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [LAUNCHER, 'credential-lists', 'list', '--json'],
        {
          cwd,
          env: { PATH: process.env.PATH ?? '', SIPEDGE_API_URL: h.baseUrl },
          timeout: 20_000,
        },
      );
      expect(JSON.parse(stdout).map((l: { friendly_name: string }) => l.friendly_name)).toContain('Phones');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
