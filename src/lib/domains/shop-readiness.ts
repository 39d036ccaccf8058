import { and, eq, ne, sql } from "drizzle-orm";
import { env } from "@/lib/config/env";
import type { DbOrTx } from "@/lib/db/client";
import { providerAccounts } from "@/lib/db/schema";
import { platformRegistrar } from "@/lib/registrars/platform-registrar";

export type ShopPart = "registrar" | "payments";

/**
 * What the domain shop can do here, and what is missing: a search needs a registrar (one of the
 * workspace's, or the platform's from the environment) for prices and a trustworthy answer, and a
 * checkout needs Stripe. The pages say what is missing and where it is set, instead of letting
 * every result read "could not check" or promising a card payment nobody configured.
 */
export async function shopReadiness(db: DbOrTx, workspaceId: string) {
  const e = env();
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(providerAccounts)
    .where(
      and(
        eq(providerAccounts.workspaceId, workspaceId),
        eq(providerAccounts.kind, "registrar"),
        ne(providerAccounts.status, "error"),
      ),
    );
  const workspaceRegistrars = row?.n ?? 0;
  const platformRegistrars = (["cloudflare", "namecom"] as const).filter((id) => platformRegistrar(id));
  const payments = Boolean(e.STRIPE_SECRET_KEY && e.STRIPE_WEBHOOK_SECRET);
  const missing: { part: ShopPart; message: string }[] = [];
  if (workspaceRegistrars === 0 && platformRegistrars.length === 0)
    missing.push({
      part: "registrar",
      message:
        "No registrar is connected, so prices and availability cannot be checked and nothing can be registered. Connect a Cloudflare or Name.com account in Settings → Domain providers, or ask the operator to set CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID (or NAMECOM_USERNAME and NAMECOM_TOKEN).",
    });
  if (!payments)
    missing.push({
      part: "payments",
      message:
        "Payments are not configured on this server, so nothing can be checked out yet: the operator sets STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET.",
    });
  return {
    /** search and checkout both work */
    ready: missing.length === 0,
    workspaceRegistrars,
    platformRegistrars,
    payments,
    missing,
  };
}
