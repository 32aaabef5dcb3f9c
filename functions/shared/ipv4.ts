/** Dotted-decimal IPv4 (four 0..255 parts, no leading zeros) → unsigned 32-bit value. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

/** Whether `ip` lies in `network/prefixLength` (RFC 4632 §3.1 prefix match). */
export function ipv4InCidr(ip: number, network: number, prefixLength: number): boolean {
  if (prefixLength <= 0) return true;
  const shift = 32 - Math.min(32, prefixLength);
  return Math.floor(ip / 2 ** shift) === Math.floor(network / 2 ** shift);
}
