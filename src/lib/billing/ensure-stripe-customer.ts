import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { workspaceBilling, workspaces } from "@/lib/db/schema";
import { stripeClient } from "./stripe-client";

/**
 * The workspace's Stripe customer, made at its first checkout. The create call is keyed by the
 * workspace id, so two callers racing (or a retry after a lost answer) get the same customer
 * back from Stripe, and the row insert keeps whichever landed first.
 */
export async function ensureStripeCustomer(db: DbOrTx, workspaceId: string): Promise<string> {
  const [known] = await db
    .select({ id: workspaceBilling.stripeCustomerId })
    .from(workspaceBilling)
    .where(eq(workspaceBilling.workspaceId, workspaceId));
  if (known) return known.id;
  const [workspace] = await db
    .select({ name: workspaces.name })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  const customer = await stripeClient().customers.create(
    { name: workspace?.name ?? workspaceId, metadata: { workspaceId } },
    { idempotencyKey: `customer:${workspaceId}` },
  );
  await db
    .insert(workspaceBilling)
    .values({ workspaceId, stripeCustomerId: customer.id })
    .onConflictDoNothing({ target: workspaceBilling.workspaceId });
  const [row] = await db
    .select({ id: workspaceBilling.stripeCustomerId })
    .from(workspaceBilling)
    .where(eq(workspaceBilling.workspaceId, workspaceId));
  return row!.id;
}
