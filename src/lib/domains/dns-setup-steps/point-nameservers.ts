import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { type Domain, domains } from "@/lib/db/schema";
import type { DnsZone } from "@/lib/dns/providers";
import { getRegistrar } from "@/lib/registrars/get-registrar";
import type { RegistrarId } from "@/lib/registrars/types";

/**
 * Step "Nameservers at the registrar": set to the zone's when the domain has a registrar we hold
 * an account at; otherwise what the owner must set.
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
  const at = await registrar.getDomain(domain.name);
  const have = (at?.nameservers ?? []).map((n) => n.toLowerCase().replace(/\.$/, "")).sort();
  if (want.length && have.join(",") === want.join(",")) return `already ${want.join(", ")}`;
  await registrar.setNameservers(domain.name, want);
  await db.update(domains).set({ nameservers: want, updatedAt: new Date() }).where(eq(domains.id, domain.id));
  return `set to ${want.join(", ")} at ${domain.registrar}`;
}
