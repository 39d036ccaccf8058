import { pauseOnHighRates } from "@/lib/campaigns/pause-on-high-rates";
import type { DbOrTx } from "@/lib/db/client";
import { emailEvents, type sentEmails } from "@/lib/db/schema";

/**
 * One analytics event of a sent email (sent, open, click, reply, bounce, unsubscribe). A bounce or
 * a complaint may pause its campaign (pauseOnHighRates): every one of them is recorded here.
 */
export async function recordEvent(
  db: DbOrTx,
  sent: Pick<
    typeof sentEmails.$inferSelect,
    "id" | "workspaceId" | "campaignId" | "stepId" | "variantId" | "leadId"
  >,
  type: (typeof emailEvents.$inferInsert)["type"],
  at: Date,
  extra: { url?: string; userAgent?: string } = {},
) {
  await db.insert(emailEvents).values({
    id: crypto.randomUUID(),
    workspaceId: sent.workspaceId,
    sentEmailId: sent.id,
    campaignId: sent.campaignId,
    stepId: sent.stepId,
    variantId: sent.variantId,
    leadId: sent.leadId,
    type,
    createdAt: at,
    ...extra,
  });
  if (type === "bounce" || type === "complaint") await pauseOnHighRates(db, sent.campaignId);
}
