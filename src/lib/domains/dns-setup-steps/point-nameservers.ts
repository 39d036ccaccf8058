import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { type Domain, domains } from "@/lib/db/schema";
import type { DnsZone } from "@/lib/dns/providers";
import { getRegistrar } from "@/lib/registrars/get-registrar";
import type { RegistrarId } from "@/lib/registrars/types";
import { DnsSetupRefused } from "./publish-spf";

/**
 * Step "Nameservers at the registrar": set to the zone's when the domain has a registrar we hold
 * an account at and that registrar can change them; otherwise what the owner must set.
 */
export async function pointNameservers(
  db: DbOrTx,
  domain: Domain,
  zone: DnsZone,
  providerId: string,
): Promise<string> {
  const want = zone.nameservers.map((n) => n.toLowerCase()).sort();
  if (!domain.registrar || domain.registrar === "rdap") {
    return `set these nameservers at the domain's registrar: ${want.join(", ")}`;
  }
  if (domain.registrar === "cloudflare" && providerId === "cloudflare") {
    return "Cloudflare Registrar serves the zone itself: nothing to change";
  }
  const registrar = await getRegistrar(db, {
    registrar: domain.registrar as RegistrarId,
    accountId: domain.registrarAccountId,
  });
  if (!registrar.capabilities.setNameservers) {
    // never asked of a registrar that cannot (Cloudflare Registrar keeps its own nameservers)
    if (!registrar.capabilities.createsDnsZone)
      return `${domain.registrar}'s sandbox registers nothing in DNS: nameservers left as they are (the zone is served by ${want.join(", ")})`;
    throw new DnsSetupRefused(
      `${domain.registrar} keeps its own nameservers and cannot point ${domain.name} at ${want.join(", ")}: use the zone at ${domain.registrar} for this domain`,
    );
  }
  const at = await registrar.getDomain(domain.name);
  const have = (at?.nameservers ?? []).map((n) => n.toLowerCase().replace(/\.$/, "")).sort();
  if (want.length && have.join(",") === want.join(",")) return `already ${want.join(", ")}`;
  await registrar.setNameservers(domain.name, want);
  await db.update(domains).set({ nameservers: want, updatedAt: new Date() }).where(eq(domains.id, domain.id));
  return `set to ${want.join(", ")} at ${domain.registrar}`;
}
