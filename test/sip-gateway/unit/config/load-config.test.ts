import { describe, expect, it } from 'vitest';
import { loadSettings } from '#sip/config/load-config.js';

describe('loadSettings', () => {
  it('uses the defaults: 127.0.0.1, UDP/TCP 5060, TLS 5061, HTTP 8080, zone localhost, edge ashburn', () => {
    const result = loadSettings([], {});
    if (!result.ok) throw new Error(result.error);
    const { gateway, httpPort, dataDir, memory, logLevel, realm } = result.settings;
    expect(gateway).toMatchObject({
      bindAddress: '127.0.0.1',
      udpPort: 5060,
      tcpPort: 5060,
      tlsPort: 5061,
      zone: 'localhost',
      edge: 'ashburn',
    });
    expect(gateway.tls.allowDeprecated).toBe(false);
    expect({ httpPort, dataDir, memory, logLevel, realm }).toEqual({
      httpPort: 8080,
      dataDir: '.sipedge',
      memory: false,
      logLevel: 'info',
      realm: 'sip.localhost',
    });
  });

  it('reads SIPEDGE_* variables, and flags win over them', () => {
    const result = loadSettings(['--edge=sydney', '--memory', '--udp-port', '5070'], {
      SIPEDGE_EDGE: 'tokyo',
      SIPEDGE_ZONE: 'Voice.Example.com',
      SIPEDGE_UDP_PORT: '6000',
      SIPEDGE_TLS_ALLOW_DEPRECATED: 'true',
    });
    if (!result.ok) throw new Error(result.error);
    expect(result.settings.gateway).toMatchObject({
      edge: 'sydney',
      zone: 'voice.example.com',
      udpPort: 5070,
    });
    expect(result.settings.gateway.tls.allowDeprecated).toBe(true);
    expect(result.settings.memory).toBe(true);
  });

  it('fails with a message naming each bad setting', () => {
    const result = loadSettings(['--edge=mars'], { SIPEDGE_UDP_PORT: '70000', SIPEDGE_LOG_LEVEL: 'loud' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toContain('unknown edge: mars');
    expect(result.error).toContain('not a port: 70000');
    expect(result.error).toContain('SIPEDGE_LOG_LEVEL');
  });

  it('takes the instance address (named by IP in flow tokens) from the bind address when the advertised one is a name', () => {
    const named = loadSettings(['--host=10.0.0.5', '--advertised-address=sip.sydney.example.com'], {});
    if (!named.ok) throw new Error(named.error);
    expect(named.settings.gateway.instanceAddress).toBe('10.0.0.5');
    const numeric = loadSettings(['--advertised-address=203.0.113.9'], {});
    if (!numeric.ok) throw new Error(numeric.error);
    expect(numeric.settings.gateway.instanceAddress).toBe('203.0.113.9');
    const bad = loadSettings(['--instance-address=gw.example.com'], {});
    expect(bad.ok).toBe(false);
  });

  it('rejects an unknown flag', () => {
    const result = loadSettings(['--colour=blue'], {});
    expect(result.ok).toBe(false);
  });
});
