import { BlockList, isIP } from "node:net";

/**
 * Who the client is, from the connection rather than from what the client says. Forwarding
 * headers (`X-Forwarded-For`, `-Host`, `-Proto`) are believed only when the connection comes from
 * a reverse proxy the operator listed in TRUSTED_PROXIES; otherwise anyone could pick their own
 * address and so bypass, or aim, the log-in rate limit.
 */
export type TrustedProxies = { list: BlockList; size: number };

/** Comma-separated IPs or CIDR ranges (`10.0.0.1, 10.1.0.0/16, fd00::/8`); empty trusts no one. */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const list = new BlockList();
  let size = 0;
  for (const raw of (value ?? "").split(",")) {
    const entry = raw.trim();
    if (!entry) continue;
    const [address = "", prefix] = entry.split("/");
    const ip = unmapIPv4(address);
    const family = isIP(ip);
    const bits = prefix === undefined ? (family === 4 ? 32 : 128) : Number(prefix);
    if (!family || !/^\d*$/.test(prefix ?? "") || !Number.isInteger(bits) || bits > (family === 4 ? 32 : 128))
      throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`);
    list.addSubnet(ip, bits, family === 4 ? "ipv4" : "ipv6");
    size++;
  }
  return { list, size };
}

export function isTrustedProxy(address: string, trusted: TrustedProxies): boolean {
  const ip = unmapIPv4(address);
  const family = isIP(ip);
  return family !== 0 && trusted.list.check(ip, family === 4 ? "ipv4" : "ipv6");
}

/**
 * The client's address: the peer itself unless it is a trusted proxy; behind trusted proxies,
 * the right-most `X-Forwarded-For` entry that is not one of them (entries further left were
 * written by the client and prove nothing). Malformed entries stop the walk at the last proxy.
 */
export function clientAddress(
  peer: string,
  forwardedFor: string | string[] | undefined,
  trusted: TrustedProxies,
): string {
  let client = unmapIPv4(peer);
  if (!isTrustedProxy(client, trusted)) return client;
  const hops = [forwardedFor ?? []]
    .flat()
    .join(",")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = unmapIPv4(hops[i]!);
    if (!isIP(hop)) return client;
    client = hop;
    if (!isTrustedProxy(hop, trusted)) return client;
  }
  return client;
}

/**
 * Rewrite a Node request's forwarding headers in place so that everything downstream (Next.js,
 * Better Auth's rate limit, our logs) sees one trusted client address. Host and protocol hints
 * from the client are dropped unless a trusted proxy sent them.
 */
export function applyClientAddress(
  req: { headers: Record<string, string | string[] | undefined>; socket: { remoteAddress?: string } },
  trusted: TrustedProxies,
): string {
  const peer = req.socket.remoteAddress ?? "";
  const client = clientAddress(peer, req.headers["x-forwarded-for"], trusted);
  if (!isTrustedProxy(peer, trusted)) {
    delete req.headers["x-forwarded-host"];
    delete req.headers["x-forwarded-proto"];
    delete req.headers["x-forwarded-port"];
  }
  delete req.headers["x-real-ip"];
  req.headers["x-forwarded-for"] = client;
  return client;
}

/** `::ffff:10.0.0.1` is how an IPv4 client appears on a dual-stack socket. */
function unmapIPv4(address: string): string {
  const m = address.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i);
  return m ? m[1]! : address;
}
