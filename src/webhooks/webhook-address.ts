import { lookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { networkInterfaces } from 'node:os';
import ipaddr from 'ipaddr.js';

/**
 * Where a webhook may be delivered (issue 30): an agency's own system on the
 * public internet, never this machine or a network behind it. Checked on the
 * address, not the text of the URL: the name is resolved at registration and
 * again at every delivery, and the connection is made to the very address
 * that was checked (webhook-dispatcher.ts), so a name that changes its answer
 * (DNS rebinding) reaches nothing inside either.
 *
 * Refused: every range but public unicast (ipaddr.js's ranges: loopback,
 * private, link-local, carrier-grade NAT, benchmarking and the other reserved
 * ones, multicast, unspecified, IPv6 unique-local, IPv4-mapped and NAT64
 * forms, 6to4, Teredo…), this machine's own addresses, credentials in the URL,
 * any scheme but https, and any port but `ports` (443 and 8443 unless
 * WEBHOOK_PORTS says more). `allowLoopback` (WEBHOOK_ALLOW_LOOPBACK, never in
 * production) lets development and tests reach receivers on this machine over
 * plain HTTP, on any port.
 */

/** How a host name is resolved: the system's resolver, or one a test injects. */
export type Resolver = (
  hostname: string,
) => Promise<readonly { address: string; family: number }[]>;

export const systemResolver: Resolver = (hostname) =>
  lookup(hostname, { all: true, order: 'verbatim' });

export interface AddressPolicy {
  allowLoopback: boolean;
  ports: ReadonlySet<number>;
  resolve: Resolver;
}

/** Why an address was refused (the delivery log says "refused", never which address). */
export class AddressRefusedError extends Error {
  readonly reason: 'scheme' | 'credentials' | 'port' | 'address' | 'unresolved';
  constructor(reason: AddressRefusedError['reason']) {
    super(`webhook address refused (${reason})`);
    this.reason = reason;
  }
}

/** This machine's own addresses, as ipaddr.js normalises them. */
function ownAddresses(): Set<string> {
  const own = new Set<string>();
  for (const list of Object.values(networkInterfaces()))
    for (const item of list ?? [])
      if (ipaddr.isValid(item.address)) own.add(ipaddr.process(item.address).toNormalizedString());
  return own;
}

/** Whether an IP address is one the public internet routes to, and not this machine's. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  // IPv4-mapped IPv6 (::ffff:127.0.0.1) is read as the IPv4 address it carries.
  const parsed = ipaddr.process(address);
  return parsed.range() === 'unicast' && !ownAddresses().has(parsed.toNormalizedString());
}

/** The IP literal a URL's host is, without IPv6 brackets; null for a name. */
function literalOf(hostname: string): string | null {
  const bare = hostname.replace(/^\[(.*)\]$/, '$1');
  return ipaddr.isValid(bare) ? bare : null;
}

/** Checks what the URL itself says: scheme, credentials, port, and an IP literal's range. */
export function checkUrlShape(url: string, policy: AddressPolicy): URL {
  const parsed = new URL(url);
  const https = parsed.protocol === 'https:';
  if (!https && !(policy.allowLoopback && parsed.protocol === 'http:'))
    throw new AddressRefusedError('scheme');
  if (parsed.username || parsed.password) throw new AddressRefusedError('credentials');
  const port = parsed.port ? Number(parsed.port) : https ? 443 : 80;
  if (!policy.allowLoopback && !policy.ports.has(port)) throw new AddressRefusedError('port');
  const literal = literalOf(parsed.hostname);
  if (literal && !policy.allowLoopback && !isPublicAddress(literal))
    throw new AddressRefusedError('address');
  return parsed;
}

/** The addresses `hostname` resolves to, all of them allowed; else an AddressRefusedError. */
async function allowedAddresses(
  hostname: string,
  policy: AddressPolicy,
): Promise<readonly { address: string; family: number }[]> {
  const literal = literalOf(hostname);
  if (literal)
    return [{ address: literal, family: ipaddr.parse(literal).kind() === 'ipv6' ? 6 : 4 }];
  let addresses: readonly { address: string; family: number }[];
  try {
    addresses = await policy.resolve(hostname);
  } catch {
    throw new AddressRefusedError('unresolved');
  }
  if (addresses.length === 0) throw new AddressRefusedError('unresolved');
  // One address inside is enough to refuse the name: it could be the one connected to.
  if (!policy.allowLoopback && addresses.some((a) => !isPublicAddress(a.address)))
    throw new AddressRefusedError('address');
  return addresses;
}

/** The whole check of an endpoint's URL, at registration: its shape, then every address its name has. */
export async function checkEndpointAddress(url: string, policy: AddressPolicy): Promise<void> {
  const parsed = checkUrlShape(url, policy);
  await allowedAddresses(parsed.hostname, policy);
}

/**
 * A `lookup` for the sockets of deliveries (net.connect's option): the name is
 * resolved with the policy's resolver and every address checked, and the
 * socket connects to those addresses only.
 */
export function checkedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    allowedAddresses(hostname, policy).then(
      (addresses) => {
        const family = typeof options.family === 'number' ? options.family : 0;
        const fitting = addresses.filter((a) => family === 0 || a.family === family);
        const first = fitting[0];
        if (!first) {
          callback(new AddressRefusedError('unresolved'), '', 0);
          return;
        }
        if (options.all) (callback as (e: null, list: typeof fitting) => void)(null, fitting);
        else callback(null, first.address, first.family);
      },
      (error: unknown) => {
        callback(error as NodeJS.ErrnoException, '', 0);
      },
    );
  };
}

/** The ports WEBHOOK_PORTS names (a comma-separated list). */
export const portsOf = (list: string): ReadonlySet<number> =>
  new Set(
    list
      .split(',')
      .map((port) => Number(port.trim()))
      .filter((port) => Number.isInteger(port) && port > 0 && port < 65_536),
  );
