import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '#test/support/local-runtime-process.js';

const REPO = new URL('../..', import.meta.url).pathname;

/** Runs a tool with a hard time limit; returns its exit status and output. */
function run(command: string, args: readonly string[], input?: string) {
  const out = spawnSync(command, args, { cwd: REPO, input, encoding: 'latin1', timeout: 30_000 });
  return { status: out.status, output: `${out.stdout}\n${out.stderr}` };
}

describe('OPTIONS from real SIP tools against the local runtime', () => {
  let runtime: LocalRuntime;
  beforeAll(async () => {
    runtime = await startLocalRuntime();
  });
  afterAll(async () => {
    expect(await runtime.stop()).toBe(0);
  });

  it('answers sipsak over UDP with 200', () => {
    const { status, output } = run('sipsak', ['-vv', '-s', `sip:127.0.0.1:${runtime.sipPorts.udp}`]);
    expect(output).toMatch(/SIP\/2\.0 200 OK/);
    expect(status).toBe(0);
  });

  it('answers sipsak over TCP with 200', () => {
    const { status, output } = run('sipsak', [
      '-vv',
      '--transport=tcp',
      '-s',
      `sip:127.0.0.1:${runtime.sipPorts.tcp}`,
    ]);
    expect(output).toMatch(/SIP\/2\.0 200 OK/);
    expect(status).toBe(0);
  });

  for (const transport of ['u1', 't1'] as const) {
    it(`answers 50 SIPp OPTIONS over ${transport === 'u1' ? 'UDP' : 'TCP'} with 200 and Allow`, () => {
      const port = transport === 'u1' ? runtime.sipPorts.udp : runtime.sipPorts.tcp;
      const { status, output } = run('sipp', [
        '-sf',
        'test/interop/sipp/options.xml',
        `127.0.0.1:${port}`,
        '-i',
        '127.0.0.1',
        '-p',
        '0',
        '-t',
        transport,
        '-m',
        '50',
        '-r',
        '25',
        '-timeout',
        '20s',
        '-timeout_error',
        '-nostdin',
      ]);
      expect(output, output).toMatch(/Successful call\s*\|\s*\d+\s*\|\s*50/);
      expect(status, output).toBe(0);
    });
  }

  it('answers OPTIONS over TLS 1.2+ (openssl s_client) with 200', () => {
    const request = [
      `OPTIONS sip:127.0.0.1:${runtime.sipPorts.tls};transport=tls SIP/2.0`,
      'Via: SIP/2.0/TLS 127.0.0.1:5999;branch=z9hG4bK-openssl-1;rport',
      'Max-Forwards: 70',
      'From: <sip:ping@127.0.0.1>;tag=openssl',
      `To: <sip:127.0.0.1:${runtime.sipPorts.tls}>`,
      'Call-ID: openssl-options-1',
      'CSeq: 1 OPTIONS',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    const { output } = run(
      'sh',
      [
        '-c',
        `(cat; sleep 1) | openssl s_client -connect 127.0.0.1:${runtime.sipPorts.tls} -tls1_2 -quiet -no_ign_eof`,
      ],
      request,
    );
    expect(output).toMatch(/SIP\/2\.0 200 OK/);
    expect(output).toMatch(/Call-ID: openssl-options-1/i);
  });

  it('refuses a TLS 1.1 handshake by default', () => {
    const { output } = run('sh', [
      '-c',
      `echo | openssl s_client -connect 127.0.0.1:${runtime.sipPorts.tls} -tls1_1 -cipher 'DEFAULT@SECLEVEL=0' 2>&1`,
    ]);
    expect(output).toMatch(/alert protocol version|no protocols available/i);
    expect(output).toMatch(/Cipher is \(NONE\)/);
  });
});
