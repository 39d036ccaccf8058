import { isIPv4, isIPv6 } from "node:net";

// Special-purpose IPv4 blocks (IANA registry) that a user-supplied URL or host must not reach:
// this host, private networks, carrier-grade NAT, link-local (cloud metadata 169.254.169.254),
// protocol assignments, documentation, benchmarking, 6to4 relays, multicast, reserved, broadcast.
const v4Blocks: [string, number][] = [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
];

// Inside global unicast (2000::/3), the blocks that are not globally reachable: Teredo (it
// tunnels to an address we cannot check), ORCHID, documentation. Everything outside 2000::/3
// (loopback, unique-local fc00::/7, link-local fe80::/10, site-local fec0::/10, multicast,
// discard 100::/64, local NAT64 64:ff9b:1::/48, ...) is refused as well, except the forms below
// that embed an IPv4 address.
const v6Blocks: [string, number][] = [
  ["2001::", 32],
  ["2001:10::", 28],
  ["2001:20::", 28],
  ["2001:db8::", 32],
];

const v4Parsed = v4Blocks.map(([ip, bits]) => [v4ToBigInt(ip), bits] as const);
const v6Parsed = v6Blocks.map(([ip, bits]) => [v6ToBigInt(ip)!, bits] as const);

/**
 * True for every address that is not a global unicast one, in any spelling: IPv4, IPv6, IPv6
 * forms that carry an IPv4 address (mapped ::ffff:a.b.c.d, IPv4-compatible ::a.b.c.d, NAT64
 * 64:ff9b::a.b.c.d, 6to4 2002:AABB:CCDD::, which are judged by that IPv4 address), with brackets
 * or a zone id (fe80::1%eth0). Anything that does not parse as an address counts as private:
 * refuse rather than guess (`127.1` is a host name to resolve, not an address to trust).
 */
export function isPrivateAddress(raw: string): boolean {
  const ip = raw
    .trim()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/%.*$/, "");
  if (isIPv4(ip)) return privateV4(v4ToBigInt(ip));
  if (!isIPv6(ip)) return true;
  const n = v6ToBigInt(ip);
  if (n === null) return true;
  const embedded = embeddedV4(n);
  if (embedded !== null) return privateV4(embedded);
  if (!inPrefix(n, 0x2000n << 112n, 3, 128)) return true;
  return v6Parsed.some(([base, bits]) => inPrefix(n, base, bits, 128));
}

function privateV4(n: bigint): boolean {
  return v4Parsed.some(([base, bits]) => inPrefix(n, base, bits, 32));
}

/** The IPv4 address an IPv6 address stands for, or null when it embeds none. */
function embeddedV4(n: bigint): bigint | null {
  const low32 = n & 0xffffffffn;
  if (n >> 32n === 0n) return low32; // ::a.b.c.d (IPv4-compatible), also :: and ::1
  if (n >> 32n === 0xffffn) return low32; // ::ffff:a.b.c.d (mapped)
  if (n >> 32n === 0xffff0000n) return low32; // ::ffff:0:a.b.c.d (SIIT translated)
  if (n >> 32n === 0x64ff9b0000000000000000n) return low32; // 64:ff9b::a.b.c.d (NAT64)
  if (n >> 112n === 0x2002n) return (n >> 80n) & 0xffffffffn; // 2002:AABB:CCDD::/48 (6to4)
  return null;
}

function inPrefix(n: bigint, base: bigint, bits: number, width: number): boolean {
  const shift = BigInt(width - bits);
  return n >> shift === base >> shift;
}

function v4ToBigInt(ip: string): bigint {
  return ip.split(".").reduce((n, octet) => (n << 8n) + BigInt(Number(octet)), 0n);
}

/** A valid IPv6 address (no zone) as a 128-bit number. */
function v6ToBigInt(ip: string): bigint | null {
  let text = ip.toLowerCase();
  // a dotted IPv4 tail is two 16-bit groups
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (tail) {
    const v4 = v4ToBigInt(tail);
    text = `${text.slice(0, -tail.length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, rest] = text.split("::") as [string, string | undefined];
  const left = head ? head.split(":") : [];
  const right = rest ? rest.split(":") : [];
  const missing = 8 - left.length - right.length;
  if (rest === undefined ? missing !== 0 : missing < 1) return null;
  const groups = [...left, ...Array<string>(rest === undefined ? 0 : missing).fill("0"), ...right];
  return groups.reduce((n, g) => (n << 16n) + BigInt(Number.parseInt(g, 16)), 0n);
}
