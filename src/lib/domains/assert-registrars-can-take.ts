import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { type CartItem, domains } from "@/lib/db/schema";
import { platformDnsProvider } from "@/lib/dns/providers";
import { AppError, type Problem } from "@/lib/errors";
import { searchRegistrars } from "@/lib/registrars/search-registrars";
import type { Registrar } from "@/lib/registrars/types";
import { displayName } from "./names";

/** purchases paid for but not yet in the registrar account: they count against its cap too */
const IN_FLIGHT = ["paid", "registering"] as const;
const LABELS: Record<string, string> = { cloudflare: "Cloudflare", namecom: "Name.com" };

/**
 * Refuse, before any Stripe call, a checkout that cannot be delivered whatever happens at payment
 * (Cloudflare registrations are non-refundable, and a refund after payment is a worse answer than
 * a 409 before it):
 * - the registrar account would pass its domain cap (Cloudflare: 100 a account): the domains it
 *   holds, plus purchases on their way there, plus the names in this cart;
 * - a Cloudflare Registrar sandbox purchase with no DNS provider configured: the sandbox creates
 *   no DNS zone, so DNS setup needs the platform's own provider (DNS_PROVIDER).
 * Each cart item is judged at the account a fresh availability check would ask first.
 */
export async function assertRegistrarsCanTake(db: DbOrTx, workspaceId: string, items: CartItem[]) {
  const accounts = await searchRegistrars(db, workspaceId);
  const problems: Problem[] = [];
  const byAccount = new Map<Registrar, { accountId: string | null; names: string[] }>();
  for (const item of items) {
    const at = accounts.find((a) => a.registrar.id === item.registrar);
    if (!at) continue; // the availability check says what is wrong with this one
    const group = byAccount.get(at.registrar) ?? { accountId: at.accountId, names: [] };
    group.names.push(item.name);
    byAccount.set(at.registrar, group);
  }

  for (const [registrar, { accountId, names }] of byAccount) {
    const { maxDomainsPerAccount: max, createsDnsZone } = registrar.capabilities;
    const label = LABELS[registrar.id] ?? registrar.id;
    const whose = accountId ? `Your ${label} account` : `The platform's ${label} account`;
    if (max !== null) {
      const held = await registrar.countDomains();
      const inFlight = await countInFlight(db, registrar.id, accountId);
      const room = Math.max(0, max - held - inFlight);
      if (names.length > room) {
        const message = `${whose} may hold at most ${max} domains and holds ${held}${inFlight ? ` (${inFlight} more being registered)` : ""}: ${room === 0 ? "no more fit" : `only ${room} more fit`}. Remove ${names.length - room} of ${names.map(displayName).join(", ")} from your cart.`;
        problems.push(...names.map((about) => ({ about, message })));
      }
    }
    if (registrar.id === "cloudflare" && !createsDnsZone && !platformDnsProvider()) {
      for (const about of names)
        problems.push({
          about,
          message: `${displayName(about)} would be registered in Cloudflare's Registrar sandbox, which creates no DNS zone, and this server has no DNS provider configured (DNS_PROVIDER): its DNS could not be set up`,
        });
    }
  }
  if (problems.length > 0) throw new AppError("conflict", problems[0]!.message, { problems });
}

async function countInFlight(db: DbOrTx, registrar: string, accountId: string | null): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(domains)
    .where(
      and(
        eq(domains.registrar, registrar),
        accountId ? eq(domains.registrarAccountId, accountId) : isNull(domains.registrarAccountId),
        inArray(domains.status, [...IN_FLIGHT]),
      ),
    );
  return row?.n ?? 0;
}
