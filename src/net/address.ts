/**
 * Which IP addresses the server may call, and the operator's allow list. Ranges come from ipaddr.js
 * (IANA special-purpose registries); only what it calls `unicast` is public. IPv6 forms that carry an
 * IPv4 address (mapped `::ffff:a.b.c.d`, compatible `::a.b.c.d`, SIIT, NAT64 `64:ff9b::/96`, 6to4)
 * are judged by the IPv4 address inside, so `[::ffff:127.0.0.1]` is loopback like `127.0.0.1`.
 */
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Cloud metadata endpoints: link-local or private anyway, except Azure's wire server (public space). */
const METADATA_ADDRESSES = new Set([
  '169.254.169.254', // AWS, GCP, Azure, OpenStack, DigitalOcean, …
  '169.254.170.2', // AWS ECS task metadata
  '168.63.129.16', // Azure wire server
  '100.100.100.200', // Alibaba Cloud
  'fd00:ec2::254', // AWS over IPv6
]);

/** Host names that mean this machine or a metadata service, whatever a resolver says. */
const LOOPBACK_NAMES = /^(localhost|localhost\.localdomain|ip6-localhost|ip6-loopback)$|\.localhost$/;
const METADATA_NAMES =
  /^(metadata|metadata\.google\.internal|metadata\.goog|instance-data|instance-data\.ec2\.internal)$/;

const RANGE_WORDS: Record<string, string> = {
  unspecified: 'an unspecified address',
  broadcast: 'a broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address',
  carrierGradeNat: 'a shared (carrier-grade NAT) address',
  private: 'a private address',
  uniqueLocal: 'a private (unique local) address',
  reserved: 'a reserved address',
  teredo: 'a Teredo tunnel address',
};

/** The IPv4 address an IPv6 address carries, for the forms that carry one. */
function embeddedIPv4(a: ipaddr.IPv6): ipaddr.IPv4 | null {
  const p = a.parts;
  const tail = () => new ipaddr.IPv4([p[6]! >> 8, p[6]! & 0xff, p[7]! >> 8, p[7]! & 0xff]);
  const range = a.range();
  if (range === 'ipv4Mapped' || range === 'rfc6145') return tail();
  // NAT64 well-known prefix 64:ff9b::/96 (64:ff9b:1::/48, local use, stays refused as rfc6052).
  if (p[0] === 0x64 && p[1] === 0xff9b && p.slice(2, 6).every((x) => x === 0)) return tail();
  if (range === '6to4') return new ipaddr.IPv4([p[1]! >> 8, p[1]! & 0xff, p[2]! >> 8, p[2]! & 0xff]);
  // IPv4-compatible ::a.b.c.d (deprecated); :: and ::1 are their own ranges.
  if (p.slice(0, 6).every((x) => x === 0) && range !== 'unspecified' && range !== 'loopback') return tail();
  return null;
}

/**
 * Why the server must not call `address`, or null when it is a public unicast address.
 *
 * @example
 * forbiddenReason('10.1.2.3'); // 'a private address'
 * forbiddenReason('::ffff:7f00:1'); // 'an IPv6 form of a loopback address'
 * forbiddenReason('93.184.215.14'); // null
 */
export function forbiddenReason(address: string): string | null {
  let a: Address;
  try {
    a = ipaddr.parse(address);
  } catch {
    return 'not an IP address';
  }
  if (METADATA_ADDRESSES.has(a.toString())) return 'a cloud metadata address';
  if (a.kind() === 'ipv6') {
    const v4 = embeddedIPv4(a as ipaddr.IPv6);
    if (v4) {
      const inner = forbiddenReason(v4.toString());
      return inner && `an IPv6 form of ${inner}`;
    }
  }
  const range = a.range();
  if (range === 'unicast') return null;
  return RANGE_WORDS[range] ?? `a special-purpose address (${range})`;
}

/** An IP literal as a URL's hostname gives it (`[::1]`, `127.0.0.1`), without brackets; null for names. */
export function ipLiteral(hostname: string): string | null {
  if (hostname.startsWith('[') && hostname.endsWith(']')) return hostname.slice(1, -1);
  // WHATWG URL parsing already turned 2130706433, 0x7f000001, 0177.0.0.1 and 127.1 into 127.0.0.1.
  return ipaddr.IPv4.isValidFourPartDecimal(hostname) ? hostname : null;
}

/** A host name as compared: lower case, without the final dot of an absolute name. */
export function normalName(hostname: string): string {
  return hostname.toLowerCase().replace(/\.$/, '');
}

/** Why a host name is refused by name alone (this machine, a metadata service), or null. */
export function forbiddenName(name: string): string | null {
  if (LOOPBACK_NAMES.test(name)) return 'a name of this machine';
  if (METADATA_NAMES.test(name)) return 'a cloud metadata name';
  return null;
}

/** The operator's exceptions: host names, `*.domain` suffixes, addresses and CIDR ranges. */
export interface AllowList {
  names: ReadonlySet<string>;
  /** `.example.com` for the entry `*.example.com`. */
  suffixes: readonly string[];
  ranges: readonly [Address, number][];
}

const HOST_NAME = /^(\*\.)?([a-z0-9_]([a-z0-9_-]*[a-z0-9_])?\.)*[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?$/;

/**
 * Parses allow-list entries (`127.0.0.1`, `::1`, `10.0.0.0/8`, `fd00::/8`, `hooks.internal`,
 * `*.corp.example`). Returns the list and a message for each entry that is none of these.
 *
 * @example
 * parseAllowList(['127.0.0.1', '10.0.0.0/8', 'hooks.internal']).problems; // []
 */
export function parseAllowList(entries: readonly string[]): { list: AllowList; problems: string[] } {
  const names = new Set<string>();
  const suffixes: string[] = [];
  const ranges: [Address, number][] = [];
  const problems: string[] = [];
  for (const raw of entries) {
    const entry = raw.trim().replace(/^\[(.*)\]$/, '$1');
    if (entry === '') continue;
    const [ip, bits, extra] = entry.split('/');
    if (ipaddr.IPv4.isValidFourPartDecimal(ip!) || ipaddr.IPv6.isValid(ip!)) {
      const address = ipaddr.parse(ip!);
      const max = address.kind() === 'ipv4' ? 32 : 128;
      const prefix = bits === undefined ? max : Number(bits);
      if (extra !== undefined || !/^\d{1,3}$/.test(bits ?? String(max)) || prefix > max) {
        problems.push(`"${raw}": the prefix length must be 0–${max}`);
      } else {
        ranges.push([address, prefix]);
      }
      continue;
    }
    const name = normalName(entry);
    if (!HOST_NAME.test(name) || /(^|\.)\d+$/.test(name)) {
      problems.push(`"${raw}": not an IP address (four decimal parts or IPv6), a CIDR range or a host name`);
    } else if (name.startsWith('*.')) {
      suffixes.push(name.slice(1));
    } else {
      names.add(name);
    }
  }
  return { list: { names, suffixes, ranges }, problems };
}

/** Whether the operator allowed this host name (exactly, or under an allowed `*.` suffix). */
export function nameAllowed(list: AllowList, name: string): boolean {
  return list.names.has(name) || list.suffixes.some((s) => name.endsWith(s));
}

/** Whether the operator allowed this address: in one of the ranges, itself or the IPv4 address it carries. */
export function addressAllowed(list: AllowList, address: string): boolean {
  let a: Address;
  try {
    a = ipaddr.parse(address);
  } catch {
    return false;
  }
  const forms: Address[] = [a];
  if (a.kind() === 'ipv6') {
    const v4 = embeddedIPv4(a as ipaddr.IPv6);
    if (v4) forms.push(v4);
  }
  return list.ranges.some(([net, bits]) => forms.some((f) => f.kind() === net.kind() && f.match(net, bits)));
}
