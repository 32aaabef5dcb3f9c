/**
 * RFC 3263 on the wire: `<Dial><Sip>sip:bob@pbx.test</Sip></Dial>` from a TwiML Bin, run by `npm
 * start`'s runtime pointed with `--dns-servers` at a DNS server on loopback. The name is found
 * through NAPTR (the unsupported SCTP service skipped), SRV and A records, and the call reaches
 * bob's UAS at the port his SRV record names.
 */
import type { Answer } from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest, type CliCredentials } from '#functions/admin/cli/api-client.js';
import { getHeaderValues } from '#sip/message/index.js';
import { formatUri } from '#sip/message/uri/format-uri.js';
import { newBranch, SipPeer } from '#test/sip-gateway/integration/support/sip-peer.js';
import { type LocalRuntime, startLocalRuntime } from '#test/support/local-runtime-process.js';
import { provisionDomain } from '#test/support/provision-domain.js';
import { type LoopbackDns, startLoopbackDns } from './support/loopback-dns.js';
import { addressed, addressOfRecord, answerChallenge, type SipAccount } from './support/sip-account.js';

const ALICE: SipAccount = { user: 'alice', domain: 'acme.sip.localhost', password: 'Alice-Passw0rd-1' };
const BOB_URI = 'sip:bob@pbx.test';

const records: Answer[] = [];
let dns: LoopbackDns;
let runtime: LocalRuntime;
let alice: SipPeer;
let bob: SipPeer;

beforeAll(async () => {
  dns = await startLoopbackDns(records);
  runtime = await startLocalRuntime({ args: ['--memory', `--dns-servers=${dns.server}`] });
  alice = await SipPeer.udp('alice', runtime.sipPorts.udp);
  bob = await SipPeer.udp('bob', runtime.sipPorts.udp);
  records.push(
    {
      type: 'NAPTR',
      name: 'pbx.test',
      ttl: 60,
      data: {
        order: 10,
        preference: 10,
        flags: 'S',
        services: 'SIP+D2S',
        regexp: '',
        replacement: '_sip._sctp.pbx.test',
      },
    },
    {
      type: 'NAPTR',
      name: 'pbx.test',
      ttl: 60,
      data: {
        order: 20,
        preference: 10,
        flags: 'S',
        services: 'SIP+D2U',
        regexp: '',
        replacement: '_sip._udp.pbx.test',
      },
    },
    {
      type: 'SRV',
      name: '_sip._udp.pbx.test',
      ttl: 60,
      data: { priority: 10, weight: 0, port: bob.localPort, target: 'bob-host.pbx.test' },
    },
    { type: 'A', name: 'bob-host.pbx.test', ttl: 60, data: '127.0.0.1' },
  );
  const ready = runtime.logs.find((l) => l.msg === 'SipEdge local runtime ready');
  const creds: CliCredentials = {
    apiUrl: `http://127.0.0.1:${runtime.httpPort}`,
    accountSid: String(ready?.accountSid),
    authToken: String(ready?.authToken),
  };
  const bin = await apiRequest(creds, 'POST', 'TwimlBins.json', {
    FriendlyName: 'Dial the PBX by name',
    Twiml: `<Response><Dial><Sip>${BOB_URI}</Sip></Dial></Response>`,
  });
  if (!bin.ok) throw new Error(bin.error);
  await provisionDomain(creds, {
    domainName: ALICE.domain,
    users: [{ username: ALICE.user, password: ALICE.password }],
    voiceUrl: String(bin.value.body.url),
  });
}, 60_000);

afterAll(async () => {
  await Promise.all([alice?.close(), bob?.close()]);
  await runtime?.stop();
  await dns?.close();
});

describe('<Dial><Sip> to a host name (RFC 3263 §4 over real DNS)', () => {
  it('MUST reach the server that NAPTR, SRV and A records name', async () => {
    const callId = 'dns-call-1';
    const uri = 'sip:pbx@acme.sip.localhost';
    const from = `<${addressOfRecord(ALICE)}>;tag=${alice.tag}`;
    const invite = (cseq: number, branch: string, headers: readonly string[]) =>
      addressed(alice.build({ method: 'INVITE', uri, callId, cseq, branch, headers }), from, `<${uri}>`);
    const first = newBranch();
    await alice.send(invite(1, first, []));
    const challenge = await alice.response('INVITE', 407);
    const challengedTo = getHeaderValues(challenge, 'to')[0] ?? `<${uri}>`;
    await alice.send(
      addressed(alice.build({ method: 'ACK', uri, callId, cseq: 1, branch: first }), from, challengedTo),
    );
    const credentials = answerChallenge(challenge, ALICE, 'INVITE', uri);
    await alice.send(invite(2, newBranch(), [`Proxy-Authorization: ${credentials}`]));

    const received = await bob.request('INVITE');
    expect(formatUri(received.uri)).toBe(BOB_URI);
    await bob.respond(received, 486, 'Busy Here');
    expect((await alice.response('INVITE', 486)).base.callId).toBe(callId);

    expect(dns.questions).toEqual(
      expect.arrayContaining(['NAPTR pbx.test', 'SRV _sip._udp.pbx.test', 'A bob-host.pbx.test']),
    );
    // RFC 3263 §4.1: the SCTP service is not one the gateway supports; its SRV name is never asked.
    expect(dns.questions).not.toContain('SRV _sip._sctp.pbx.test');
  }, 30_000);
});
