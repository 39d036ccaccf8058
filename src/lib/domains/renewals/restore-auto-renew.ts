import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { type Domain, domains } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import { getRegistrar } from "@/lib/registrars/get-registrar";
import type { RegistrarId } from "@/lib/registrars/types";

/**
 * A lapsing domain's renewal was paid after all: auto-renew back on at the registrar, then the
 * domain back to `auto`. If the registrar fails this throws; the sweep tries again (a lapsing
 * domain with a charged period is restored there), so a paid renewal never stays switched off.
 */
export async function restoreAutoRenew(db: Db, domain: Domain): Promise<void> {
  const registrar = await getRegistrar(db, {
    registrar: domain.registrar as RegistrarId,
    accountId: domain.registrarAccountId,
  });
  await registrar.setAutoRenew(domain.name, true);
  await db
    .update(domains)
    .set({ renewalStatus: "auto", updatedAt: new Date() })
    .where(and(eq(domains.id, domain.id), eq(domains.renewalStatus, "lapsing")));
  logger.info({ domainId: domain.id }, "renewal paid: auto-renew turned back on at the registrar");
}
