import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { domains } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { getRegistrar } from "@/lib/registrars/get-registrar";
import type { RegistrarId } from "@/lib/registrars/types";
import { findDomain } from "./find-domain";

const REGISTERED = new Set(["registered", "configuring_dns", "verifying_dns", "active"]);

/**
 * Remove a domain from the workspace. One bought here stays in the platform's registrar account,
 * whose auto-renew would go on renewing it at the platform's expense with nobody billed: auto-renew
 * is turned off first, and if the registrar does not confirm, nothing is removed.
 */
export async function removeDomain(db: DbOrTx, workspaceId: string, id: string) {
  const domain = await findDomain(db, workspaceId, id);
  if (
    domain.source === "purchased" &&
    domain.registrarAccountId === null &&
    REGISTERED.has(domain.status) &&
    domain.renewalStatus !== "lapsing"
  ) {
    try {
      const registrar = await getRegistrar(db, {
        registrar: domain.registrar as RegistrarId,
        accountId: null,
      });
      await registrar.setAutoRenew(domain.name, false);
    } catch {
      throw new AppError(
        "unavailable",
        "the registrar did not confirm turning this domain's auto-renew off, so it was not removed: try again later",
      );
    }
  }
  const deleted = await db
    .delete(domains)
    .where(and(eq(domains.workspaceId, workspaceId), eq(domains.id, id)))
    .returning({ id: domains.id });
  if (deleted.length === 0) throw notFound("domain");
}
