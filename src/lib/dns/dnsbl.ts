import { Resolver } from "node:dns/promises";
import { env } from "@/lib/config/env";

/**
 * Domain blocklists (DNSBL/URIBL): `<domain>.<zone>` A queries, answers decoded per zone. Every
 * list answers refusals and errors with addresses of its own (Spamhaus 127.255.255.254 when asked
 * through a public resolver, URIBL 127.0.0.1 when it refuses), so an answer is "listed" only when
 * the code says so; anything else is "unknown", never "listed". (The npm `dnsbl` package counts
 * every answer as a listing: that is the mistake this avoids.)
 */
export type DnsblKind = "spamhaus-dbl" | "surbl" | "uribl" | "generic";
export type DnsblState = "listed" | "not_listed" | "unknown";

export type DnsblResult = {
  zone: string;
  kind: DnsblKind;
  state: DnsblState;
  /** the A records the list answered (empty for NXDOMAIN or an error) */
  codes: string[];
  /** listed: why (spam, phish, malware, ...); unknown: why the answer means nothing */
  reasons: string[];
  /** SURBL/URIBL: the sub-lists the domain is on */
  lists: string[];
};

export type DnsblZone = { zone: string; kind: DnsblKind };

/**
 * DNSBL_ZONES: comma-separated zones, each optionally `zone=kind` (spamhaus-dbl, surbl, uribl,
 * generic); without a kind it comes from the zone's name, so the defaults need no suffix.
 */
export function parseDnsblZones(value: string): DnsblZone[] {
  return value
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
    .map((entry) => {
      const [zone, kind] = entry.split("=").map((s) => s.trim().replace(/\.$/, "")) as [string, string?];
      if (kind && !["spamhaus-dbl", "surbl", "uribl", "generic"].includes(kind)) {
        throw new Error(
          `DNSBL_ZONES: unknown kind "${kind}" for ${zone} (spamhaus-dbl, surbl, uribl, generic)`,
        );
      }
      return { zone, kind: (kind as DnsblKind | undefined) ?? kindOfZone(zone) };
    });
}

export function kindOfZone(zone: string): DnsblKind {
  if (zone.includes("spamhaus")) return "spamhaus-dbl";
  if (zone.includes("surbl")) return "surbl";
  if (zone.includes("uribl")) return "uribl";
  return "generic";
}

// https://docs.spamhaus.com/datasets/docs/source/40-real-world-usage/PublicMirrors/MTAs/020-Postfix.html
const SPAMHAUS_DBL: Record<string, string> = {
  "127.0.1.2": "spam domain",
  "127.0.1.4": "phishing domain",
  "127.0.1.5": "malware domain",
  "127.0.1.6": "botnet command-and-control domain",
  "127.0.1.102": "abused legitimate domain (spam)",
  "127.0.1.103": "abused redirector domain (spam)",
  "127.0.1.104": "abused legitimate domain (phishing)",
  "127.0.1.105": "abused legitimate domain (malware)",
  "127.0.1.106": "abused legitimate domain (botnet C&C)",
};
const SPAMHAUS_ERRORS: Record<string, string> = {
  "127.0.1.255": "Spamhaus DBL error: the query was not a domain (IP queries are refused)",
  "127.255.255.252": "Spamhaus error: typing error in the list's name",
  "127.255.255.254":
    "Spamhaus refused the query: asked through a public or open resolver (set DNSBL_RESOLVER)",
  "127.255.255.255": "Spamhaus refused the query: rate limited (too many queries)",
};
// SURBL multi: a bitmask in the last octet (https://www.surbl.org/lists)
const SURBL_BITS: [number, string][] = [
  [2, "sc"],
  [4, "ws"],
  [8, "ph"],
  [16, "mw"],
  [32, "ab"],
  [64, "abuse"],
  [128, "cr"],
];
const SURBL_NAMES: Record<string, string> = {
  sc: "SpamCop web sites",
  ws: "spam web sites",
  ph: "phishing",
  mw: "malware",
  ab: "AbuseButler",
  abuse: "spam and abuse",
  cr: "cracked sites",
};
// URIBL multi: 2 black, 4 grey, 8 red; 127.0.0.1 means the query was refused (https://uribl.com/about.shtml)
const URIBL_BITS: [number, string][] = [
  [2, "black"],
  [4, "grey"],
  [8, "red"],
];

type Decoded = { state: DnsblState; reason: string; lists?: string[] };

/** One answer address of one zone, decoded. */
export function decodeDnsblCode(kind: DnsblKind, code: string): Decoded {
  const octets = code.split(".").map(Number);
  if (
    octets.length !== 4 ||
    octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255) ||
    octets[0] !== 127
  ) {
    // a real list answers in 127.0.0.0/8 only: this is a resolver rewriting NXDOMAIN, or no list at all
    return {
      state: "unknown",
      reason: `unexpected answer ${code} (not a blocklist code: is the resolver rewriting answers?)`,
    };
  }
  const last = octets[3]!;
  const in1270 = octets[1] === 0 && octets[2] === 0;
  switch (kind) {
    case "spamhaus-dbl": {
      if (SPAMHAUS_ERRORS[code]) return { state: "unknown", reason: SPAMHAUS_ERRORS[code] };
      if (SPAMHAUS_DBL[code]) return { state: "listed", reason: SPAMHAUS_DBL[code] };
      // other codes of the DBL range are listings Spamhaus may add; anything else is not a DBL answer
      if (octets[1] === 0 && octets[2] === 1 && last >= 2 && last <= 106) {
        return { state: "listed", reason: `listed (code ${code})` };
      }
      return { state: "unknown", reason: `unexpected Spamhaus answer ${code}` };
    }
    case "surbl": {
      if (!in1270) return { state: "unknown", reason: `unexpected SURBL answer ${code}` };
      const lists = SURBL_BITS.filter(([bit]) => last & bit).map(([, name]) => name);
      if (lists.length === 0) {
        return { state: "unknown", reason: `SURBL refused the query (${code}): blocked or rate limited` };
      }
      return { state: "listed", reason: lists.map((l) => SURBL_NAMES[l]).join(", "), lists };
    }
    case "uribl": {
      if (!in1270) return { state: "unknown", reason: `unexpected URIBL answer ${code}` };
      if (last & 1)
        return { state: "unknown", reason: `URIBL refused the query (${code}): blocked or rate limited` };
      const lists = URIBL_BITS.filter(([bit]) => last & bit).map(([, name]) => name);
      if (lists.length === 0) return { state: "unknown", reason: `unexpected URIBL answer ${code}` };
      return { state: "listed", reason: `on URIBL ${lists.join(", ")}`, lists };
    }
    case "generic": {
      // RFC 5782: 127.0.0.2 and up list; 127.0.0.1 is never a listing; 127.255.255.x are errors by convention
      if (octets[1] === 255 && octets[2] === 255)
        return { state: "unknown", reason: `the list answered an error code (${code})` };
      if (code === "127.0.0.1" || code === "127.0.0.0")
        return { state: "unknown", reason: `the list refused the query (${code})` };
      return { state: "listed", reason: `listed (code ${code})` };
    }
  }
}

/** All answers of one zone: listed if any answer lists, else unknown if any means nothing. */
export function decodeDnsblAnswer(zone: DnsblZone, codes: string[]): DnsblResult {
  const decoded = codes.map((c) => decodeDnsblCode(zone.kind, c));
  const listed = decoded.filter((d) => d.state === "listed");
  const state: DnsblState = listed.length ? "listed" : decoded.length ? "unknown" : "not_listed";
  const shown = listed.length ? listed : decoded;
  return {
    ...zone,
    state,
    codes,
    reasons: [...new Set(shown.map((d) => d.reason))],
    lists: [...new Set(listed.flatMap((d) => d.lists ?? []))],
  };
}

/** Looks up A records; [] for NXDOMAIN/NODATA; throws on timeouts, SERVFAIL and refusals. */
export type ALookup = (name: string) => Promise<string[]>;

/** DNSBL_RESOLVER (host or host:port), or the system's resolver when unset. */
export function dnsblLookup(server = env().DNSBL_RESOLVER): ALookup {
  const resolver = new Resolver({ timeout: 3000, tries: 2 });
  if (server) resolver.setServers([server]);
  return async (name) => {
    try {
      return await resolver.resolve4(name);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOTFOUND" || code === "ENODATA") return [];
      throw err;
    }
  };
}

/** Every configured zone for one domain, in parallel; a failed query reads 'unknown'. */
export async function checkDnsbl(
  domain: string,
  opts: { zones?: DnsblZone[]; lookup?: ALookup } = {},
): Promise<DnsblResult[]> {
  const zones = opts.zones ?? parseDnsblZones(env().DNSBL_ZONES);
  const lookup = opts.lookup ?? dnsblLookup();
  const name = domain.toLowerCase().replace(/\.$/, "");
  return Promise.all(
    zones.map(async (zone) => {
      try {
        return decodeDnsblAnswer(zone, await lookup(`${name}.${zone.zone}`));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
        return {
          ...zone,
          state: "unknown" as const,
          codes: [],
          reasons: [`query failed (${code})`],
          lists: [],
        };
      }
    }),
  );
}
