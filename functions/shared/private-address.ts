import { ipv4InCidr, parseIpv4 } from './ipv4.js';

/** Address ranges a device behind NAT puts in its Contact (RFC 1918, RFC 6598, RFC 3927, RFC 4193, RFC 4291). */
const PRIVATE_V4 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16'].map(
  (cidr) => {
    const [network = '', prefix = '0'] = cidr.split('/');
    return { network: parseIpv4(network) ?? 0, prefix: Number(prefix) };
  },
);

/** Whether `host` is a private or link-local IP address: the Contact of a device behind NAT (Kamailio's nat_uac_test 1). */
export function isPrivateAddress(host: string): boolean {
  const v4 = parseIpv4(host);
  if (v4 !== undefined) return PRIVATE_V4.some((range) => ipv4InCidr(v4, range.network, range.prefix));
  const v6 = host.replace(/^\[|\]$/g, '').toLowerCase();
  return /^f[cd][0-9a-f]{2}:/.test(v6) || /^fe[89ab][0-9a-f]:/.test(v6);
}
