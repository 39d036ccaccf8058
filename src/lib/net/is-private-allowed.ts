import { BlockList, isIP } from "node:net";
import { env } from "@/lib/config/env";

const parsed = new Map<string, { any: boolean; names: string[]; suffixes: string[]; blocks: BlockList }>();

/** The setting read once per distinct value: a BlockList of its addresses and ranges, and its names. */
function parse(setting: string) {
  let rules = parsed.get(setting);
  if (rules) return rules;
  rules = { any: false, names: [], suffixes: [], blocks: new BlockList() };
  for (const entry of setting
    .split(/[,\s]+/)
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean)) {
    const [ip, bits] = entry.replace(/^\[|\]$/g, "").split("/") as [string, string | undefined];
    const family = isIP(ip) === 6 ? "ipv6" : "ipv4";
    if (entry === "*") rules.any = true;
    else if (isIP(ip) && bits !== undefined) rules.blocks.addSubnet(ip, Number(bits), family);
    else if (isIP(ip)) rules.blocks.addAddress(ip, family);
    else if (entry.startsWith("*.")) rules.suffixes.push(entry.slice(1).replace(/\.$/, ""));
    else rules.names.push(entry.replace(/\.$/, ""));
  }
  parsed.set(setting, rules);
  return rules;
}

/**
 * Whether the operator lets `host` reach the private `address` (ALLOWED_PRIVATE_HOSTS): `*`, the
 * host's name (`mail.internal`, or `*.internal` for every name under it), the address itself or a
 * CIDR range holding it. One setting for every process and every feature (webhooks, provider
 * endpoints, mailbox servers): no check depends on which process runs it.
 */
export function isPrivateAllowed(
  host: string,
  address: string,
  setting: string = env().ALLOWED_PRIVATE_HOSTS,
): boolean {
  const rules = parse(setting);
  if (rules.any) return true;
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
  if (rules.names.includes(name) || rules.suffixes.some((s) => name.endsWith(s))) return true;
  const ip = address.replace(/%.*$/, "");
  const family = isIP(ip);
  return family !== 0 && rules.blocks.check(ip, family === 6 ? "ipv6" : "ipv4");
}
