/**
 * A tiny authoritative DNS server on loopback UDP for one made-up zone: it answers the questions
 * it has records for (NAPTR, SRV, A, AAAA), NODATA for other types of a known name, NXDOMAIN for
 * unknown names, and remembers every question as `TYPE name`.
 */
import { createSocket } from 'node:dgram';
import dnsPacket, { type Answer } from 'dns-packet';

/** RFC 1035 §4.1.1 RCODE 3: the name does not exist. */
const NXDOMAIN = 3;

export interface LoopbackDns {
  /** `127.0.0.1:port`, for `--dns-servers`. */
  readonly server: string;
  readonly questions: readonly string[];
  close(): Promise<void>;
}

/** `records` is read at each question, so a test may fill it once it knows its ports. */
export async function startLoopbackDns(records: readonly Answer[]): Promise<LoopbackDns> {
  const socket = createSocket('udp4');
  const questions: string[] = [];
  socket.on('message', (bytes, from) => {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(bytes);
    } catch {
      return;
    }
    const question = query.questions?.[0];
    if (question === undefined) return;
    const name = question.name.toLowerCase();
    questions.push(`${question.type} ${name}`);
    const known = records.some((r) => r.name.toLowerCase() === name);
    const answers = records.filter((r) => r.type === question.type && r.name.toLowerCase() === name);
    const reply = dnsPacket.encode({
      type: 'response',
      id: query.id,
      flags: dnsPacket.AUTHORITATIVE_ANSWER | (known ? 0 : NXDOMAIN),
      questions: [question],
      answers,
    });
    socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    server: `127.0.0.1:${socket.address().port}`,
    questions,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
