import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { env } from "@/lib/config/env";
import { AppError } from "@/lib/errors";

// Addresses a webhook must not reach in production: this host, the private network, cloud
// metadata (169.254.169.254), carrier-grade NAT. IPv4-mapped IPv6 (::ffff:10.0.0.1) is covered.
const blocked = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved and broadcast
] as const)
  blocked.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8], // multicast
] as const)
  blocked.addSubnet(net, bits, "ipv6");

export function isPrivateAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 0) return true; // not an address: refuse rather than guess
  return blocked.check(ip, family === 4 ? "ipv4" : "ipv6");
}

export type UrlGuardOptions = {
  /** defaults to NODE_ENV === "production" */
  production?: boolean;
  /** defaults to WEBHOOKS_ALLOW_PRIVATE */
  allowPrivate?: boolean;
  resolve?: (host: string) => Promise<string[]>;
};

const resolveAll = async (host: string) => (await lookup(host, { all: true })).map((a) => a.address);

/** Where a delivery connects: the one address that passed the check, never a second resolution. */
export type PinnedTarget = { url: URL; address: string; family: 4 | 6 };

/**
 * The SSRF guard for outbound webhooks, when an endpoint is saved: an http(s) URL (https only in
 * production) whose host resolves only to public addresses. Outside production (or with
 * WEBHOOKS_ALLOW_PRIVATE=true) any address is allowed, so local receivers work. IP literals need
 * no DNS. Deliveries use resolvePinnedTarget, which also fixes the address they connect to.
 */
export async function assertPublicUrl(raw: string, opts: UrlGuardOptions = {}): Promise<URL> {
  const { url, checkAddresses } = parseUrl(raw, opts);
  if (checkAddresses) await resolveChecked(url, opts, true);
  return url;
}

/**
 * Resolve the URL's host once, check every answer (production rules as assertPublicUrl), and
 * return the address to connect to. The request then connects to exactly that address with the
 * original Host header and TLS server name, so a name re-pointed between the check and the
 * connection (DNS rebinding) cannot reach the private network.
 */
export async function resolvePinnedTarget(raw: string, opts: UrlGuardOptions = {}): Promise<PinnedTarget> {
  const { url, checkAddresses } = parseUrl(raw, opts);
  const addresses = await resolveChecked(url, opts, checkAddresses);
  const address = addresses[0]!;
  return { url, address, family: isIP(address) === 6 ? 6 : 4 };
}

function parseUrl(raw: string, opts: UrlGuardOptions) {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse("is not a valid URL");
  }
  const production = opts.production ?? env().NODE_ENV === "production";
  if (url.protocol !== "https:" && !(url.protocol === "http:" && !production)) {
    throw refuse(production ? "must use https" : "must use http or https");
  }
  const checkAddresses = production && !(opts.allowPrivate ?? env().WEBHOOKS_ALLOW_PRIVATE);
  return { url, checkAddresses };
}

/** The host's addresses (one lookup; an IP literal is its own answer), refused if any is private when checked. */
async function resolveChecked(url: URL, opts: UrlGuardOptions, check: boolean): Promise<string[]> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await (opts.resolve ?? resolveAll)(host);
    } catch {
      throw refuse(`host ${host} could not be resolved`);
    }
  }
  if (addresses.length === 0) throw refuse(`host ${host} could not be resolved`);
  if (check) {
    const bad = addresses.find(isPrivateAddress);
    if (bad) throw refuse(`must not point to a private, loopback or link-local address (${host} is ${bad})`);
  }
  return addresses;
}

const refuse = (why: string) => {
  const message = `webhook URL ${why}`;
  return new AppError("validation", message, { fields: { url: [message] } });
};
