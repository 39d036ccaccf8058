import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { env } from "@/lib/config/env";
import type { DbOrTx } from "@/lib/db/client";
import { type CartItem, cartItems, domains } from "@/lib/db/schema";
import { platformDnsProvider } from "@/lib/dns/providers";
import type { Problem } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type { RegistrarCapabilities, RegistrarId } from "@/lib/registrars/types";
import { accountCapProblem } from "./account-cap-problem";
import { toCartItemView } from "./cart-item-view";
import { cartRegistrar } from "./cart-registrar";
import { displayName } from "./names";

/** purchases paid for and not yet in the registrar account (as checkout counts them) */
async function countInFlight(db: DbOrTx, registrar: string, accountId: string | null): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(domains)
    .where(
      and(
        eq(domains.registrar, registrar),
        accountId ? eq(domains.registrarAccountId, accountId) : isNull(domains.registrarAccountId),
        inArray(domains.status, ["paid", "registering"]),
      ),
    );
  return row?.n ?? 0;
}

/**
 * The cart with what stands between it and checkout: lines that need details, and registrar
 * accounts the cart would fill past their cap (asked of the registrar now; a registrar that does
 * not answer is not guessed at, checkout asks again).
 */
export async function listCart(db: DbOrTx, workspaceId: string) {
  const rows = await db
    .select()
    .from(cartItems)
    .where(eq(cartItems.workspaceId, workspaceId))
    .orderBy(asc(cartItems.createdAt), asc(cartItems.name));

  const byAccount = new Map<string, CartItem[]>();
  for (const r of rows) {
    const key = `${r.registrar}|${r.registrarAccountId ?? ""}`;
    byAccount.set(key, [...(byAccount.get(key) ?? []), r]);
  }
  const capabilities = new Map<string, RegistrarCapabilities | null>();
  const warnings: Problem[] = [];
  for (const [key, lines] of byAccount) {
    const registrar = await cartRegistrar(db, lines[0]!);
    capabilities.set(key, registrar?.capabilities ?? null);
    if (!registrar) continue;
    const { maxDomainsPerAccount: max, setNameservers, createsDnsZone } = registrar.capabilities;
    // neither our nameservers nor a zone of its own (Cloudflare's sandbox): DNS needs DNS_PROVIDER
    if (!setNameservers && !createsDnsZone && !platformDnsProvider())
      for (const l of lines)
        warnings.push({
          about: l.name,
          message: `${displayName(l.name)} would be registered in Cloudflare's Registrar sandbox, which creates no DNS zone, and this server has no DNS provider configured (DNS_PROVIDER): its DNS could not be set up`,
        });
    if (max == null) continue;
    const held = await registrar.countDomains().catch((err: unknown) => {
      logger.warn(
        { err: err instanceof Error ? err.message : String(err) },
        "could not count the account's domains",
      );
      return null;
    });
    if (held === null) continue;
    const problem = accountCapProblem({
      registrar: registrar.id as RegistrarId,
      workspaceAccount: lines[0]!.registrarAccountId !== null,
      held,
      inFlight: await countInFlight(db, registrar.id, lines[0]!.registrarAccountId),
      max,
      names: lines.map((l) => l.name),
    });
    if (problem) warnings.push(problem);
  }

  const items = rows.map((r) =>
    toCartItemView(r, capabilities.get(`${r.registrar}|${r.registrarAccountId ?? ""}`)),
  );
  const renewals = items.map((i) => i.renewalPriceCents);
  return {
    items,
    /** due now: every line's first term */
    totalCents: rows.reduce((s, r) => s + r.priceCents, 0),
    /** one year's renewal of every line, from the year the first term ends; null when one is unknown */
    renewalTotalCents: renewals.some((c) => c === null) ? null : renewals.reduce<number>((s, c) => s + c!, 0),
    currency: rows[0]?.currency ?? env().DOMAIN_CURRENCY,
    /** lines whose TLD's required details are not all given: checkout refuses them */
    needsDetails: items.filter((i) => i.needsDetails).length,
    /** reasons checkout would be refused that the customer can fix now (account caps) */
    warnings,
  };
}
