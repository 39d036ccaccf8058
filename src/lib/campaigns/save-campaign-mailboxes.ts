import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { campaignMailboxes, mailboxes } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

export async function saveCampaignMailboxes(
  tx: DbOrTx,
  workspaceId: string,
  campaignId: string,
  mailboxIds: string[],
) {
  const ids = [...new Set(mailboxIds)];
  if (ids.length) {
    const found = await tx
      .select({ id: mailboxes.id })
      .from(mailboxes)
      .where(and(eq(mailboxes.workspaceId, workspaceId), inArray(mailboxes.id, ids)));
    const missing = ids.filter((id) => !found.some((f) => f.id === id));
    if (missing.length) throw new AppError("validation", `unknown mailbox ${missing.join(", ")}`);
  }
  await tx.delete(campaignMailboxes).where(eq(campaignMailboxes.campaignId, campaignId));
  if (ids.length) {
    await tx
      .insert(campaignMailboxes)
      .values(ids.map((mailboxId) => ({ campaignId, mailboxId, workspaceId })));
  }
}
