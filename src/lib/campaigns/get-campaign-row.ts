import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { type Campaign, campaigns } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";

export async function getCampaignRow(db: DbOrTx, workspaceId: string, id: string): Promise<Campaign> {
  const [row] = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, id)));
  if (!row) throw notFound("campaign");
  return row;
}
