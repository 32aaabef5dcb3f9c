import { describe, expect, it } from 'vitest';
import { loadSettings } from '#sip/config/load-config.js';

describe('loadSettings: DNS servers (--dns-servers / SIPEDGE_DNS_SERVERS)', () => {
  it('uses the system resolver configuration by default', () => {
    const result = loadSettings([], {});
    if (!result.ok) throw new Error(result.error);
    expect(result.settings.gateway.dns.servers).toEqual([]);
  });
  it('reads a comma-separated list of IP and IP:port, the flag winning over the variable', () => {
    const fromEnv = loadSettings([], { SIPEDGE_DNS_SERVERS: '192.0.2.53, 127.0.0.1:5353,[::1]:53' });
    if (!fromEnv.ok) throw new Error(fromEnv.error);
    expect(fromEnv.settings.gateway.dns.servers).toEqual(['192.0.2.53', '127.0.0.1:5353', '[::1]:53']);
    const flag = loadSettings(['--dns-servers=2001:db8::53'], { SIPEDGE_DNS_SERVERS: '192.0.2.53' });
    if (!flag.ok) throw new Error(flag.error);
    expect(flag.settings.gateway.dns.servers).toEqual(['2001:db8::53']);
  });
  it('refuses names and bad ports', () => {
    expect(loadSettings(['--dns-servers=dns.example.com'], {})).toMatchObject({ ok: false });
    expect(loadSettings(['--dns-servers=127.0.0.1:70000'], {})).toMatchObject({ ok: false });
  });
});
