import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CertificateFiles, ensureSelfSignedCertificate } from '#sip/local/self-signed-certificate.js';
import { TransportLayer } from '#sip/transport/transport-layer.js';
import { openRawSipClient } from '#test/support/raw-sip-client.js';
import { isMessage, LOOPBACK, optionsMessage, transportHarness } from '#test/support/transport-harness.js';

/** A client that only speaks TLS 1.1; OpenSSL 3 needs security level 0 for it. */
const TLS_1_1_ONLY = {
  minVersion: 'TLSv1.1',
  maxVersion: 'TLSv1.1',
  ciphers: 'DEFAULT:@SECLEVEL=0',
} as const;

describe('TLS transport (RFC 3261 §26.2) and the local self-signed certificate', () => {
  let dir = '';
  let files: CertificateFiles = { certPath: '', keyPath: '' };
  let ca = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sipedge-tls-'));
    files = await ensureSelfSignedCertificate(join(dir, 'certs'));
    ca = await readFile(files.certPath, 'utf8');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const { startLayer, client, onCleanup } = transportHarness(
    'tls',
    () => ({ tls: files }),
    () => ({ ca }),
  );

  it('generates the key with mode 0600 and reuses the pair on the next call', async () => {
    expect((await stat(files.keyPath)).mode & 0o777).toBe(0o600);
    const key = await readFile(files.keyPath, 'utf8');
    expect(await ensureSelfSignedCertificate(join(dir, 'certs'))).toEqual(files);
    expect(await readFile(files.keyPath, 'utf8')).toBe(key);
    expect(await readFile(files.certPath, 'utf8')).toBe(ca);
  });

  it('MUST carry messages over TLS 1.2 by default and answer a CRLFCRLF ping (RFC 5626 §4.4.1)', async () => {
    const { layer, log, port } = await startLayer();
    const phone = await client(port, { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' });
    await phone.send(optionsMessage('tls', 'tls-1'));
    const { flow } = await log.next(isMessage('tls-1'));
    expect(flow).toMatchObject({ protocol: 'tls', remote: { address: LOOPBACK, port: phone.localPort } });
    await layer.send(
      { protocol: 'tls', address: LOOPBACK, port: phone.localPort },
      Buffer.from(optionsMessage('tls', 'back')),
    );
    expect(await phone.receive('\r\n\r\n')).toBe(optionsMessage('tls', 'back'));
    await phone.send('\r\n\r\n');
    expect(await phone.receive()).toBe('\r\n');
  });

  it('MUST refuse a TLS 1.1 client by default', async () => {
    const { layer, port } = await startLayer();
    await expect(openRawSipClient({ protocol: 'tls', port, tls: { ca, ...TLS_1_1_ONLY } })).rejects.toThrow();
    expect(layer.flowCount()).toBe(0);
  });

  it('MUST accept a TLS 1.1 client when allowDeprecated is set', async (context) => {
    const { log, port } = await startLayer({ tls: { ...files, allowDeprecated: true } });
    const opened = await openRawSipClient({ protocol: 'tls', port, tls: { ca, ...TLS_1_1_ONLY } }).catch(
      (error: Error) => error,
    );
    if (opened instanceof Error) {
      context.skip(`local OpenSSL does not negotiate TLS 1.1 even at SECLEVEL=0: ${opened.message}`);
      return;
    }
    onCleanup(() => opened.close());
    await opened.send(optionsMessage('tls', 'old-phone'));
    await log.next(isMessage('old-phone'));
  });

  it('MUST count connections in their TLS handshake against maxConnectionsPerSourceAddress', async () => {
    const { log, port } = await startLayer({ maxConnectionsPerSourceAddress: 1 });
    const first = await client(port);
    await first.send(optionsMessage('tls', 'first'));
    await log.next(isMessage('first'));
    await expect(openRawSipClient({ protocol: 'tls', port, tls: { ca } })).rejects.toThrow();
    await first.send(optionsMessage('tls', 'still-first'));
    await log.next(isMessage('still-first'));
  });

  it('MUST open an outbound TLS connection that verifies the peer and becomes a flow', async () => {
    const received: string[] = [];
    const sockets: TLSSocket[] = [];
    const peer: Server = createServer({ cert: ca, key: await readFile(files.keyPath, 'utf8') }, (socket) => {
      sockets.push(socket);
      socket.on('data', (chunk) => {
        received.push(chunk.toString('latin1'));
        socket.write(optionsMessage('tls', 'peer-reply'));
      });
    });
    await new Promise<void>((resolve) => peer.listen(0, LOOPBACK, resolve));
    onCleanup(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => peer.close(resolve));
    });
    const peerPort = (peer.address() as AddressInfo).port;
    const { layer, log } = await startLayer({ tls: { ...files, trustedCaPath: files.certPath } });
    const sent = await layer.send(
      { protocol: 'tls', address: LOOPBACK, port: peerPort },
      Buffer.from(optionsMessage('tls', 'out')),
    );
    if (!sent.ok) throw new Error(sent.error);
    expect((await log.next(isMessage('peer-reply'))).flow.id).toBe(sent.flow.id);
    expect(received.join('')).toBe(optionsMessage('tls', 'out'));
  });

  it('MUST fail an outbound TLS send to a peer whose certificate is not trusted', async () => {
    const peer: Server = createServer({ cert: ca, key: await readFile(files.keyPath, 'utf8') });
    peer.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => peer.listen(0, LOOPBACK, resolve));
    onCleanup(() => new Promise((resolve) => peer.close(resolve)));
    const { layer } = await startLayer();
    const sent = await layer.send(
      { protocol: 'tls', address: LOOPBACK, port: (peer.address() as AddressInfo).port },
      Buffer.from(optionsMessage('tls', 'untrusted')),
    );
    expect(sent).toMatchObject({ ok: false, error: expect.stringContaining('self-signed') });
    expect(layer.flowCount()).toBe(0);
  });

  it('fails to start, without throwing, when the certificate files are missing', async () => {
    const layer = new TransportLayer(
      {
        bindAddress: LOOPBACK,
        udpPort: null,
        tcpPort: null,
        tlsPort: 0,
        tls: { certPath: join(dir, 'nope.pem'), keyPath: join(dir, 'nope.key') },
      },
      () => undefined,
    );
    expect(await layer.start()).toMatchObject({ ok: false, error: expect.stringContaining('ENOENT') });
  });
});
